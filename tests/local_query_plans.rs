//! Every statement the local pool's store runs uses an index: `EXPLAIN QUERY PLAN` of each, on
//! the current schema, must not scan a table that grows with the users (or search one by pool
//! alone), so sign-ins cost the same with 10² or 10⁵ users. The statements come from the store's
//! own list (`store_plan::queries`), and a second test checks the store runs no SQL outside it.
#![cfg(feature = "local")]

use cogtui::local::store_plan::{migrate, queries};
use rusqlite::Connection;
use rusqlite::types::Null;

/// Tables with a row or more per user, code, session, identity or message.
const USER_SIZED: &[&str] = &[
    "users",
    "codes",
    "code_requests",
    "sessions",
    "outbox",
    "user_mfa",
    "identities",
    "aws_credentials",
];

/// Statements allowed to read a user-sized table in full, and why.
const ALLOWED: &[(&str, &str)] = &[
    (
        "COUNT_USERS",
        "counting a pool's users is linear by nature; only DescribeUserPool's estimate uses it",
    ),
    (
        "OUTBOX_NEWEST",
        "the development outbox page (/_local/outbox), newest first with a LIMIT; never on a \
         sign-in path and empty for seeded users",
    ),
    (
        "OUTBOX_AFTER",
        "the development outbox page after a cursor, filtered by username in any case",
    ),
];

fn plan(conn: &Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    let nulls = std::iter::repeat_n(Null, stmt.parameter_count());
    stmt.query_map(rusqlite::params_from_iter(nulls), |r| r.get::<_, String>(3))
        .expect("plan")
        .collect::<Result<_, _>>()
        .expect("plan rows")
}

/// Why a plan line reads a user-sized table in full, if it does.
fn full_read(line: &str) -> Option<String> {
    let mut words = line.split_whitespace();
    let (verb, table) = (words.next()?, words.next()?);
    if !USER_SIZED.contains(&table) {
        return None;
    }
    match verb {
        "SCAN" => Some(format!("scans {table}")),
        // A search on the pool alone reads every user of the pool.
        "SEARCH" if line.ends_with("(pool_id=?)") => {
            Some(format!("reads all of {table} in a pool"))
        }
        _ => None,
    }
}

#[test]
fn no_statement_reads_a_user_sized_table_in_full() {
    let mut conn = Connection::open_in_memory().expect("sqlite");
    migrate(&mut conn).expect("schema");
    let all = queries();
    assert!(
        all.len() > 40,
        "the store's list looks incomplete: {}",
        all.len()
    );
    let mut failures = Vec::new();
    for (name, sql) in &all {
        let lines = plan(&conn, sql);
        let bad: Vec<String> = lines.iter().filter_map(|l| full_read(l)).collect();
        let allowed = ALLOWED.iter().any(|(n, _)| n == name);
        if !bad.is_empty() && !allowed {
            failures.push(format!("{name}: {} — plan: {lines:?}", bad.join(", ")));
        }
    }
    assert!(failures.is_empty(), "full reads:\n{}", failures.join("\n"));
    for (name, _) in ALLOWED {
        assert!(
            all.iter().any(|(n, _)| n == name),
            "{name} is no longer a statement"
        );
    }
}

#[test]
fn the_check_catches_a_scan() {
    let mut conn = Connection::open_in_memory().expect("sqlite");
    migrate(&mut conn).expect("schema");
    let lines = plan(&conn, "SELECT * FROM users WHERE status = ?1");
    assert!(lines.iter().any(|l| full_read(l).is_some()), "{lines:?}");
    let lines = plan(
        &conn,
        "SELECT * FROM users WHERE pool_id = ?1 AND status = ?2",
    );
    assert!(lines.iter().any(|l| full_read(l).is_some()), "{lines:?}");
}

/// The store runs SQL only through the named statements: no literal SQL handed to SQLite.
#[test]
fn the_store_runs_only_listed_statements() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/local/store");
    for entry in std::fs::read_dir(dir).expect("store dir") {
        let path = entry.expect("entry").path();
        if path.file_name().is_some_and(|n| n == "schema.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        assert!(
            !code.contains(".prepare("),
            "{}: prepares SQL uncached; add a constant to the file's store_queries! and use \
             exec/row/prepare_cached",
            path.display()
        );
        for call in [
            "prepare_cached(",
            ".exec(",
            ".row(",
            ".execute(",
            ".query_row(",
        ] {
            for (i, _) in code.match_indices(call) {
                let arg = code[i + call.len()..].trim_start();
                assert!(
                    !arg.starts_with('"')
                        && !arg.starts_with("&format!")
                        && !arg.starts_with("format!"),
                    "{}: literal SQL in {call}…",
                    path.display()
                );
            }
        }
    }
}

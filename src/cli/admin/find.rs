//! `cogtui admin user find`: ListUsers by email, phone, username, sub or a raw filter, as a
//! table or JSON.

use super::super::output::Output;
use crate::admin::{Admin, UserQuery, UserSummary};
use clap::Args;
use serde_json::json;

#[derive(Debug, Args)]
#[group(id = "by", multiple = false)]
pub struct FindArgs {
    /// Exact email address (case as stored).
    #[arg(long, group = "by")]
    pub email: Option<String>,
    /// Exact phone number, like +14155550100.
    #[arg(long, group = "by")]
    pub phone: Option<String>,
    /// Exact username.
    #[arg(long, group = "by")]
    pub username: Option<String>,
    /// The user's sub (a UUID).
    #[arg(long, group = "by")]
    pub sub: Option<String>,
    /// A ListUsers filter as Cognito takes it, like 'family_name ^= "Re"' (attributes: username,
    /// email, phone_number, name, given_name, family_name, preferred_username,
    /// cognito:user_status, status, sub; operators = and ^=).
    #[arg(long, group = "by")]
    pub filter: Option<String>,
    /// At most this many users [1 to 10000].
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub limit: u32,
}

impl FindArgs {
    fn query(self) -> UserQuery {
        if let Some(v) = self.email {
            UserQuery::Email(v)
        } else if let Some(v) = self.phone {
            UserQuery::Phone(v)
        } else if let Some(v) = self.username {
            UserQuery::Username(v)
        } else if let Some(v) = self.sub {
            UserQuery::Sub(v)
        } else {
            UserQuery::Raw(self.filter.unwrap_or_default())
        }
    }
}

/// Columns padded to their widest cell.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<String>| {
        cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_owned()
    };
    std::iter::once(line(header.iter().map(|h| (*h).to_owned()).collect()))
        .chain(rows.iter().map(|r| line(r.clone())))
        .collect::<Vec<_>>()
        .join("\n")
}

fn row(u: &UserSummary) -> Vec<String> {
    let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    vec![
        u.username.clone(),
        dash(&u.email),
        dash(&u.phone_number),
        u.status.clone(),
        if u.enabled { "yes" } else { "no" }.into(),
        dash(&u.sub),
    ]
}

pub async fn run(admin: &Admin, out: Output, args: FindArgs) -> anyhow::Result<()> {
    let limit = args.limit as usize;
    let query = args.query();
    let users = admin.find_users(&query, limit).await?;
    let human = if users.is_empty() {
        format!(
            "No user in pool {} matches {}.",
            admin.pool_id(),
            if query.filter().is_empty() {
                "(no filter)".to_owned()
            } else {
                query.filter()
            }
        )
    } else {
        let rows: Vec<_> = users.iter().map(row).collect();
        let more = if users.len() == limit {
            format!("\n(first {limit}; --limit N for more)")
        } else {
            String::new()
        };
        format!(
            "{}{more}",
            table(
                &["USERNAME", "EMAIL", "PHONE", "STATUS", "ENABLED", "SUB"],
                &rows
            )
        )
    };
    out.emit(
        &human,
        &json!({"pool": admin.pool_id(), "filter": query.filter(), "users": users}),
    );
    Ok(())
}

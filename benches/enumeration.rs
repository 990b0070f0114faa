//! Known against unknown users (issue 9 item 3, PreventUserExistenceErrors): how long the
//! in-process local pool takes to refuse USER_PASSWORD_AUTH with a wrong password, and to
//! start USER_SRP_AUTH, for a user that exists and for a name that does not. The two must be
//! within 20 % of each other, or the time tells which names are users. Operations are called
//! with `State::call` (no HTTP, which would only add the same cost to both). docs/performance.md
//! records the figures. Run: `cargo bench --bench enumeration`.

mod common;

use cogtui::srp::ClientEphemeral;
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Value, json};
use std::time::Duration;

const PASSWORD: &str = "Enum-Bench-Passw0rd!";
/// More than the longest lockout (15 minutes): moved on before each wrong password, so every
/// call does the full check instead of answering "Password attempts exceeded".
const PAST_LOCKOUT: i64 = 16 * 60;

fn bench(c: &mut Criterion) {
    let (rt, _dir, pool) = common::quiet_pool();
    let st = pool.state.clone();
    let info = pool.info.clone();
    let call = |op: &str, body: Value| st.call(op, body.to_string().as_bytes());
    call(
        "SignUp",
        json!({"ClientId": info.client_id, "Username": "alice", "Password": PASSWORD,
               "UserAttributes": [{"Name": "email", "Value": "alice@example.com"}]}),
    )
    .expect("sign-up");
    call(
        "AdminConfirmSignUp",
        json!({"UserPoolId": info.user_pool_id, "Username": "alice"}),
    )
    .expect("confirm");
    let a_hex = ClientEphemeral::generate().public_hex();

    let mut g = c.benchmark_group("enumeration");
    g.sample_size(50).measurement_time(Duration::from_secs(10));
    for (label, name) in [("known", "alice"), ("unknown", "nobody")] {
        let wrong = json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": info.client_id,
            "AuthParameters": {"USERNAME": name, "PASSWORD": "Wrong-Passw0rd!"}});
        g.bench_function(format!("user_password_auth_wrong_password/{label}"), |b| {
            b.iter(|| {
                st.clock.advance(PAST_LOCKOUT);
                let e = call("InitiateAuth", wrong.clone()).expect_err("refused");
                assert_eq!(e.message, "Incorrect username or password.");
            })
        });
        let start = json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": info.client_id,
            "AuthParameters": {"USERNAME": name, "SRP_A": a_hex}});
        g.bench_function(format!("srp_start/{label}"), |b| {
            b.iter(|| {
                st.clock.advance(PAST_LOCKOUT);
                call("InitiateAuth", start.clone()).expect("challenge")
            })
        });
    }
    g.finish();
    rt.block_on(pool.stop());
}

criterion_group!(benches, bench);
criterion_main!(benches);

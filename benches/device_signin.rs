//! A sign-in with a remembered device against a plain SRP sign-in (issue 12 item 7), both
//! timed in one run on the in-process local pool: the plain one is InitiateAuth USER_SRP_AUTH
//! and PASSWORD_VERIFIER; the device one adds DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER (a
//! second SRP exchange, verified for real) and skips MFA. The client's SRP maths is timed too,
//! as a person waits for it. Operations go through `State::call` (no HTTP, which would add the
//! same cost to both). docs/performance.md records the figures; the target is device ≤ 2×
//! plain. Run: `cargo bench --bench device_signin`.

mod common;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use cogtui::srp::{self, ClientEphemeral};
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Value, json};
use std::time::Duration;

const PASSWORD: &str = "Device-Bench-Passw0rd!";
const USER: &str = "bench";

fn now() -> i64 {
    cogtui::calendar::unix_now()
}

/// An SRP claim's answer fields for a challenge's SRP_B, SALT and SECRET_BLOCK.
fn claim(p: &Value, eph: &ClientEphemeral, pool: &str, user: &str, password: &str) -> Value {
    let b = srp::parse_hex(p["SRP_B"].as_str().expect("B")).expect("B hex");
    let salt = srp::parse_hex(p["SALT"].as_str().expect("salt")).expect("salt hex");
    let block_b64 = p["SECRET_BLOCK"].as_str().expect("block");
    let block = B64.decode(block_b64).expect("block b64");
    let c = eph.claim(&b, &salt, pool, user, password).expect("claim");
    let ts = srp::format_timestamp(now());
    json!({
        "PASSWORD_CLAIM_SECRET_BLOCK": block_b64,
        "TIMESTAMP": ts,
        "PASSWORD_CLAIM_SIGNATURE": srp::password_claim_signature(&c.key, pool, user, &block, &ts),
    })
}

fn bench(c: &mut Criterion) {
    let (rt, _dir, pool) = common::quiet_pool();
    let st = pool.state.clone();
    let info = pool.info.clone();
    let pool_name = info
        .user_pool_id
        .split_once('_')
        .expect("pool id")
        .1
        .to_owned();
    let call = |op: &str, body: Value| -> Value {
        serde_json::from_str(&st.call(op, body.to_string().as_bytes()).expect(op)).expect("json")
    };
    call(
        "SignUp",
        json!({"ClientId": info.client_id, "Username": USER, "Password": PASSWORD,
               "UserAttributes": [{"Name": "email", "Value": "bench@example.com"}]}),
    );
    st.call(
        "AdminConfirmSignUp",
        json!({"UserPoolId": info.user_pool_id, "Username": USER})
            .to_string()
            .as_bytes(),
    )
    .expect("confirm");

    // One SRP sign-in: its answer (tokens, or the next challenge).
    let password_sign_in = |device: Option<&str>| -> Value {
        let eph = ClientEphemeral::generate();
        let mut params = json!({"USERNAME": USER, "SRP_A": eph.public_hex()});
        if let Some(d) = device {
            params["DEVICE_KEY"] = json!(d);
        }
        let ch = call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": info.client_id,
                   "AuthParameters": params}),
        );
        let mut answer = claim(&ch["ChallengeParameters"], &eph, &pool_name, USER, PASSWORD);
        answer["USERNAME"] = json!(USER);
        if let Some(d) = device {
            answer["DEVICE_KEY"] = json!(d);
        }
        call(
            "RespondToAuthChallenge",
            json!({"ClientId": info.client_id, "ChallengeName": "PASSWORD_VERIFIER",
                   "Session": ch["Session"], "ChallengeResponses": answer}),
        )
    };

    // Remember a device: ConfirmDevice, then remembered (the seeded pool is user opt-in).
    let first = password_sign_in(None);
    let result = &first["AuthenticationResult"];
    let key = result["NewDeviceMetadata"]["DeviceKey"]
        .as_str()
        .expect("device offered")
        .to_owned();
    let group = result["NewDeviceMetadata"]["DeviceGroupKey"]
        .as_str()
        .expect("group")
        .to_owned();
    let v = srp::device_verifier(&group, &key, None);
    call(
        "ConfirmDevice",
        json!({"AccessToken": result["AccessToken"], "DeviceKey": key,
               "DeviceSecretVerifierConfig": {"Salt": v.salt_b64, "PasswordVerifier": v.verifier_b64}}),
    );
    call(
        "UpdateDeviceStatus",
        json!({"AccessToken": result["AccessToken"], "DeviceKey": key,
               "DeviceRememberedStatus": "remembered"}),
    );

    let mut g = c.benchmark_group("device_signin");
    g.sample_size(30).measurement_time(Duration::from_secs(15));
    g.bench_function("plain_srp", |b| {
        b.iter(|| {
            let r = password_sign_in(None);
            assert!(r["AuthenticationResult"]["AccessToken"].is_string());
        })
    });
    g.bench_function("remembered_device", |b| {
        b.iter(|| {
            let r = password_sign_in(Some(&key));
            assert_eq!(r["ChallengeName"], "DEVICE_SRP_AUTH");
            let eph = ClientEphemeral::generate();
            let d = call(
                "RespondToAuthChallenge",
                json!({"ClientId": info.client_id, "ChallengeName": "DEVICE_SRP_AUTH",
                       "Session": r["Session"],
                       "ChallengeResponses": {"USERNAME": USER, "DEVICE_KEY": key,
                                              "SRP_A": eph.public_hex()}}),
            );
            let mut answer = claim(
                &d["ChallengeParameters"],
                &eph,
                &group,
                &key,
                &v.device_password,
            );
            answer["USERNAME"] = json!(USER);
            answer["DEVICE_KEY"] = json!(key);
            let done = call(
                "RespondToAuthChallenge",
                json!({"ClientId": info.client_id, "ChallengeName": "DEVICE_PASSWORD_VERIFIER",
                       "Session": d["Session"], "ChallengeResponses": answer}),
            );
            assert!(done["AuthenticationResult"]["AccessToken"].is_string());
        })
    });
    g.finish();
    rt.block_on(pool.stop());
}

criterion_group!(benches, bench);
criterion_main!(benches);

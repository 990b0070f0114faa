//! `cogtui admin user find` / `user show` as support staff run them: `Admin::find_users` and
//! `Admin::user` (SigV4 signing, HTTP on loopback, the local pool's ListUsers / AdminGetUser)
//! against an in-process local pool holding `USERS` users. Exact email and sub searches use the
//! pool's indexes; a prefix search scans. Run: `cargo bench --bench admin`.

use cogtui::admin::{Admin, AdminCredentials, CredentialSource, UserQuery};
use cogtui::cognito::Idempotence;
use cogtui::config::Profile;
use cogtui::local::{LocalConfig, LocalPool};
use cogtui::secret::Secret;
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Value, json};
use std::sync::Arc;

const USERS: usize = 2_000;

fn setup(rt: &tokio::runtime::Runtime) -> (LocalPool, Arc<Admin>, tempfile::TempDir) {
    rt.block_on(async {
        let dir = tempfile::tempdir().expect("tempdir");
        let pool = LocalPool::start(LocalConfig {
            bind: "127.0.0.1:0".parse().expect("addr"),
            data_dir: dir.path().to_path_buf(),
            region: "us-east-1".into(),
        })
        .await
        .expect("pool starts");
        let info = pool.info.clone();
        let mut profile = Profile::new(
            "bench",
            info.region.clone(),
            info.user_pool_id.clone(),
            info.client_id.clone(),
        );
        profile.endpoint = Some(info.endpoint.clone());
        let creds = AdminCredentials {
            access_key_id: info.admin_access_key_id.clone(),
            secret_access_key: Secret::new(info.admin_secret_access_key.clone()),
            session_token: None,
            source: CredentialSource::Environment,
        };
        let admin = Arc::new(Admin::with_credentials(&profile, creds).expect("admin"));
        let mut tasks = tokio::task::JoinSet::new();
        for chunk in 0..8 {
            let admin = admin.clone();
            let pool_id = info.user_pool_id.clone();
            tasks.spawn(async move {
                for i in (chunk..USERS).step_by(8) {
                    let _: Value = admin
                        .call(
                            "AdminCreateUser",
                            &json!({"UserPoolId": pool_id, "Username": format!("user{i:05}"),
                                    "MessageAction": "SUPPRESS",
                                    "UserAttributes": [{"Name": "email",
                                        "Value": format!("user{i:05}@example.com")}]}),
                            Idempotence::Unsafe,
                            "",
                        )
                        .await
                        .expect("create user");
                }
            });
        }
        while let Some(r) = tasks.join_next().await {
            r.expect("task");
        }
        (pool, admin, dir)
    })
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (pool, admin, _dir) = setup(&rt);
    let sub = rt
        .block_on(admin.find_users(&UserQuery::Email("user01234@example.com".into()), 1))
        .expect("find")[0]
        .sub
        .clone()
        .expect("sub");
    let mut g = c.benchmark_group(format!("admin_{USERS}_users"));
    let cases = [
        (
            "find --email",
            UserQuery::Email("user01234@example.com".into()),
        ),
        ("find --sub", UserQuery::Sub(sub)),
        ("find --username", UserQuery::Username("user01234".into())),
        (
            "find --filter 'email ^= \"user0123\"' (scan)",
            UserQuery::Raw("email ^= \"user0123\"".into()),
        ),
    ];
    for (name, query) in cases {
        g.bench_function(name, |b| {
            b.iter(|| {
                let found = rt.block_on(admin.find_users(&query, 60)).expect("find");
                assert!(!found.is_empty());
            })
        });
    }
    g.bench_function("user show", |b| {
        b.iter(|| rt.block_on(admin.user("user01234")).expect("show"))
    });
    g.finish();
    rt.block_on(pool.stop());
}

criterion_group!(benches, bench);
criterion_main!(benches);

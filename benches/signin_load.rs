//! Load generator: complete SRP sign-ins against an in-process local pool on loopback.
//!
//! Starts the local pool in a temporary directory, signs up and confirms `USERS` users through
//! the API (codes from `/_local/outbox`), then runs `USERS` concurrent clients, each signing in
//! (InitiateAuth USER_SRP_AUTH + RespondToAuthChallenge PASSWORD_VERIFIER) in a loop for
//! `COGTUI_LOAD_SECONDS` (default 10), and stops. Prints verified sign-ins per second and
//! latency percentiles. The pool and the clients run on two separate Tokio runtimes with named
//! threads, so the CPU each side used can be read per thread from `/proc`; from the server's
//! share it estimates what the pool alone could do with all the cores (the clients' SRP maths
//! shares them here). Run: `cargo bench --bench signin_load`.

use cogtui::local::{LocalConfig, LocalPool};
use cogtui::srp::{ClientEphemeral, format_timestamp, parse_hex, password_claim_signature};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime};

const USERS: usize = 16;
const PASSWORD: &str = "Load-Test-Passw0rd!";
/// Thread names of the two runtimes (at most 15 bytes, the kernel's limit for a thread name).
const SERVER_THREADS: &str = "pool-server";
const CLIENT_THREADS: &str = "load-client";

type AnyResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// The JSON 1.1 API of one pool, as a client sees it.
struct Api {
    http: reqwest::Client,
    endpoint: String,
    client_id: String,
    /// The part of the pool id after `_`, which SRP hashes.
    pool_name: String,
}

impl Api {
    async fn call(&self, op: &str, body: Value) -> AnyResult<Value> {
        let resp = self
            .http
            .post(format!("{}/", self.endpoint))
            .header(
                "X-Amz-Target",
                format!("AWSCognitoIdentityProviderService.{op}"),
            )
            .header("Content-Type", "application/x-amz-json-1.1")
            .body(body.to_string())
            .send()
            .await?;
        let status = resp.status();
        let text = resp.text().await?;
        if !status.is_success() {
            return Err(format!("{op}: HTTP {status}: {text}").into());
        }
        Ok(serde_json::from_str(&text)?)
    }

    async fn sign_up_and_confirm(&self, username: &str) -> AnyResult<()> {
        self.call(
            "SignUp",
            json!({
                "ClientId": self.client_id,
                "Username": username,
                "Password": PASSWORD,
                "UserAttributes": [{"Name": "email", "Value": format!("{username}@example.com")}],
            }),
        )
        .await?;
        let outbox: Vec<Value> = self
            .http
            .get(format!("{}/_local/outbox", self.endpoint))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let code = outbox
            .iter()
            .rev()
            .find(|m| m["username"] == username && m["purpose"] == "sign_up")
            .and_then(|m| m["code"].as_str())
            .ok_or_else(|| format!("no sign-up code for {username} in the outbox"))?
            .to_owned();
        self.call(
            "ConfirmSignUp",
            json!({"ClientId": self.client_id, "Username": username, "ConfirmationCode": code}),
        )
        .await?;
        Ok(())
    }

    /// One complete SRP sign-in; Ok only when the pool returned tokens.
    async fn sign_in(&self, username: &str) -> AnyResult<()> {
        // The maths runs on the blocking pool so it never stalls the clients' I/O threads.
        let client = tokio::task::spawn_blocking(ClientEphemeral::generate).await?;
        let start = self
            .call(
                "InitiateAuth",
                json!({
                    "AuthFlow": "USER_SRP_AUTH",
                    "ClientId": self.client_id,
                    "AuthParameters": {"USERNAME": username, "SRP_A": client.public_hex()},
                }),
            )
            .await?;
        let params = &start["ChallengeParameters"];
        let field = |name: &str| -> AnyResult<String> {
            params[name]
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| format!("InitiateAuth answer has no {name}").into())
        };
        let (salt, b_pub) = (field("SALT")?, field("SRP_B")?);
        let secret_block = field("SECRET_BLOCK")?;
        let user_id = field("USER_ID_FOR_SRP")?;
        let session = start["Session"]
            .as_str()
            .ok_or("InitiateAuth answer has no Session")?
            .to_owned();
        let pool_name = self.pool_name.clone();
        let (uid, block) = (user_id.clone(), secret_block.clone());
        let (timestamp, signature) = tokio::task::spawn_blocking(move || -> AnyResult<_> {
            let salt = parse_hex(&salt).ok_or("SALT is not hex")?;
            let b_pub = parse_hex(&b_pub).ok_or("SRP_B is not hex")?;
            let claim = client.claim(&b_pub, &salt, &pool_name, &uid, PASSWORD)?;
            let block = base64_decode(&block)?;
            let timestamp = format_timestamp(unix_now());
            let signature =
                password_claim_signature(&claim.key, &pool_name, &uid, &block, &timestamp);
            Ok((timestamp, signature))
        })
        .await??;
        let done = self
            .call(
                "RespondToAuthChallenge",
                json!({
                    "ChallengeName": "PASSWORD_VERIFIER",
                    "ClientId": self.client_id,
                    "Session": session,
                    "ChallengeResponses": {
                        "USERNAME": user_id,
                        "PASSWORD_CLAIM_SECRET_BLOCK": secret_block,
                        "TIMESTAMP": timestamp,
                        "PASSWORD_CLAIM_SIGNATURE": signature,
                    },
                }),
            )
            .await?;
        if done["AuthenticationResult"]["AccessToken"].is_string() {
            Ok(())
        } else {
            Err(format!("no tokens in the answer: {done}").into())
        }
    }
}

fn base64_decode(s: &str) -> AnyResult<Vec<u8>> {
    use base64::Engine;
    Ok(base64::engine::general_purpose::STANDARD.decode(s)?)
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// CPU time (user + system) of each live thread of this process, keyed by thread id, with its
/// name; empty off Linux. Assumes the usual 100 clock ticks per second.
fn thread_cpu() -> HashMap<String, (String, Duration)> {
    let mut out = HashMap::new();
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return out;
    };
    for task in tasks.flatten() {
        let Ok(stat) = std::fs::read_to_string(task.path().join("stat")) else {
            continue;
        };
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        let name = stat[open + 1..close].to_owned();
        // After the name: state is field 3, utime and stime are fields 14 and 15.
        let fields: Vec<&str> = stat[close + 1..].split_whitespace().collect();
        let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok());
        if let (Some(utime), Some(stime)) = (ticks(11), ticks(12)) {
            let cpu = Duration::from_millis((utime + stime) * 10);
            out.insert(task.file_name().to_string_lossy().into_owned(), (name, cpu));
        }
    }
    out
}

/// CPU used between two [`thread_cpu`] readings, summed by thread name.
fn cpu_by_name(
    before: &HashMap<String, (String, Duration)>,
    after: &HashMap<String, (String, Duration)>,
) -> HashMap<String, Duration> {
    let mut out: HashMap<String, Duration> = HashMap::new();
    for (tid, (name, cpu)) in after {
        let earlier = before.get(tid).map_or(Duration::ZERO, |(_, c)| *c);
        *out.entry(name.clone()).or_default() += cpu.saturating_sub(earlier);
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[derive(Default)]
struct Tally {
    ok: u64,
    failed: u64,
    latencies: Vec<Duration>,
    first_error: Option<String>,
}

/// Signs the users up, then runs the clients until the deadline and reports.
async fn load(api: std::sync::Arc<Api>, seconds: u64) -> AnyResult<()> {
    let users: Vec<String> = (0..USERS).map(|i| format!("load-user-{i:02}")).collect();
    for user in &users {
        api.sign_up_and_confirm(user).await?;
    }
    println!(
        "signed up and confirmed {USERS} users; running {USERS} concurrent clients for \
         {seconds} s against {} …",
        api.endpoint
    );

    let cpu_before = thread_cpu();
    let wall = Instant::now();
    let deadline = wall + Duration::from_secs(seconds);
    let tasks: Vec<_> = users
        .into_iter()
        .map(|user| {
            let api = api.clone();
            tokio::spawn(async move {
                let mut tally = Tally::default();
                while Instant::now() < deadline {
                    let start = Instant::now();
                    match api.sign_in(&user).await {
                        Ok(()) => {
                            tally.ok += 1;
                            tally.latencies.push(start.elapsed());
                        }
                        Err(e) => {
                            tally.failed += 1;
                            tally.first_error.get_or_insert_with(|| e.to_string());
                        }
                    }
                }
                tally
            })
        })
        .collect();
    let mut total = Tally::default();
    for task in tasks {
        let t = task.await?;
        total.ok += t.ok;
        total.failed += t.failed;
        total.latencies.extend(t.latencies);
        if total.first_error.is_none() {
            total.first_error = t.first_error;
        }
    }
    let elapsed = wall.elapsed();
    let cpu = cpu_by_name(&cpu_before, &thread_cpu());
    total.latencies.sort();

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let rate = total.ok as f64 / elapsed.as_secs_f64();
    println!();
    println!(
        "cores: {cores}; clients: {USERS}; wall: {:.2} s",
        elapsed.as_secs_f64()
    );
    println!("sign-ins verified: {}   failed: {}", total.ok, total.failed);
    if let Some(e) = &total.first_error {
        println!("first failure: {e}");
    }
    println!("verified sign-ins per second (clients and server sharing the cores): {rate:.1}");
    println!(
        "latency per sign-in (client maths + 2 round trips): p50 {:.1} ms, p95 {:.1} ms, \
         p99 {:.1} ms, max {:.1} ms",
        ms(percentile(&total.latencies, 50.0)),
        ms(percentile(&total.latencies, 95.0)),
        ms(percentile(&total.latencies, 99.0)),
        ms(percentile(&total.latencies, 100.0)),
    );

    let attempts = total.ok + total.failed;
    let server = cpu.get(SERVER_THREADS).copied().unwrap_or_default();
    let client = cpu.get(CLIENT_THREADS).copied().unwrap_or_default();
    let all: Duration = cpu.values().sum();
    if attempts == 0 || server.is_zero() {
        println!("CPU per side: not available here (needs /proc/self/task)");
    } else {
        let per = |d: Duration| ms(d) / attempts as f64;
        println!(
            "CPU: {:.2} s over {:.2} s wall ({:.0}% of {cores} cores); per sign-in: server \
             threads {:.2} ms, client threads {:.2} ms (SRP maths + HTTP), other {:.2} ms",
            all.as_secs_f64(),
            elapsed.as_secs_f64(),
            100.0 * all.as_secs_f64() / (elapsed.as_secs_f64() * cores as f64),
            per(server),
            per(client),
            per(all.saturating_sub(server + client)),
        );
        println!(
            "ESTIMATE, server only: ≈ {:.0} verified sign-ins/s if the pool had all {cores} \
             cores to itself ({cores} cores ÷ {:.2} ms of server CPU per sign-in; assumes it \
             scales linearly over the cores)",
            cores as f64 * 1000.0 / per(server),
            per(server),
        );
    }
    if total.ok == 0 {
        return Err("no sign-in succeeded".into());
    }
    Ok(())
}

/// A runtime whose threads, blocking pool included, carry `name` and outlive the run (an
/// exited thread's CPU time could no longer be read).
fn runtime(name: &str) -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .thread_name(name)
        .thread_keep_alive(Duration::from_secs(3600))
        .enable_all()
        .build()
}

fn main() -> AnyResult<()> {
    // `cargo bench` passes `--bench`; this generator takes no arguments.
    let seconds = match std::env::var("COGTUI_LOAD_SECONDS") {
        Ok(s) => s.parse().map_err(|_| {
            format!("COGTUI_LOAD_SECONDS must be a whole number of seconds, not {s:?}")
        })?,
        Err(_) => 10,
    };
    let server_rt = runtime(SERVER_THREADS)?;
    let client_rt = runtime(CLIENT_THREADS)?;
    let dir = tempfile::tempdir()?;
    let pool = server_rt.block_on(LocalPool::start(LocalConfig {
        bind: "127.0.0.1:0".parse()?,
        data_dir: dir.path().to_path_buf(),
        region: "us-east-1".into(),
    }))?;
    let pool_name = pool
        .info
        .user_pool_id
        .split_once('_')
        .map(|(_, name)| name.to_owned())
        .ok_or("the pool id has no '_'")?;
    let (endpoint, client_id) = (pool.info.endpoint.clone(), pool.info.client_id.clone());
    // Bounded even if a request hangs: the load time, set-up, and the 30 s request timeout.
    let outcome = client_rt.block_on(async move {
        let api = std::sync::Arc::new(Api {
            // Loopback only: never route through a proxy from the environment.
            http: reqwest::Client::builder()
                .no_proxy()
                .timeout(Duration::from_secs(30))
                .build()?,
            endpoint,
            client_id,
            pool_name,
        });
        tokio::time::timeout(Duration::from_secs(seconds + 120), load(api, seconds))
            .await
            .map_err(|_| "the load run did not finish in time")?
    });
    // The clients' connections are gone with their runtime; then the pool can stop cleanly.
    drop(client_rt);
    server_rt.block_on(async {
        let _ = tokio::time::timeout(Duration::from_secs(10), pool.stop()).await;
    });
    outcome
}

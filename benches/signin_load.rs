//! Load generator: complete SRP sign-ins against an in-process local pool on loopback.
//!
//! Starts the local pool in a temporary directory, signs up and confirms `USERS` users through
//! the API (codes from `/_local/outbox`), then runs `USERS` concurrent clients, each signing in
//! (InitiateAuth USER_SRP_AUTH + RespondToAuthChallenge PASSWORD_VERIFIER) in a loop for
//! `COGTUI_LOAD_SECONDS` (default 10). Prints verified sign-ins per second, latency
//! percentiles, and an estimate of what the server alone could do, since here the clients'
//! SRP maths shares the same cores. Run: `cargo bench --bench signin_load`.

use cogtui::local::{LocalConfig, LocalPool};
use cogtui::srp::{ClientEphemeral, format_timestamp, parse_hex, password_claim_signature};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

const USERS: usize = 16;
const PASSWORD: &str = "Load-Test-Passw0rd!";
/// How often to time the client's SRP maths alone, to separate it from the server's share.
const CALIBRATION_PROOFS: usize = 30;

type AnyResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// The JSON 1.1 API of one pool, as a client sees it.
#[derive(Clone)]
struct Api {
    http: reqwest::Client,
    endpoint: String,
    client_id: String,
    /// The part of the pool id after `_`, which SRP hashes.
    pool_name: String,
    /// CPU time (ms) spent on the clients' SRP maths, measured on the threads that ran it.
    client_cpu_ms: Arc<AtomicU64>,
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
        let cpu = self.client_cpu_ms.clone();
        let client = tokio::task::spawn_blocking(move || {
            let before = thread_cpu();
            let client = ClientEphemeral::generate();
            count_cpu(&cpu, before);
            client
        })
        .await?;
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
        let cpu = self.client_cpu_ms.clone();
        let (timestamp, signature) = tokio::task::spawn_blocking(move || -> AnyResult<_> {
            let before = thread_cpu();
            let salt = parse_hex(&salt).ok_or("SALT is not hex")?;
            let b_pub = parse_hex(&b_pub).ok_or("SRP_B is not hex")?;
            let claim = client.claim(&b_pub, &salt, &pool_name, &uid, PASSWORD)?;
            let block = base64_decode(&block)?;
            let timestamp = format_timestamp(unix_now());
            let signature =
                password_claim_signature(&claim.key, &pool_name, &uid, &block, &timestamp);
            count_cpu(&cpu, before);
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

/// CPU time this process has used (user + system, all threads, exited ones included), from
/// `/proc/self/stat`; `None` off Linux. Assumes the usual 100 clock ticks per second.
fn process_cpu() -> Option<Duration> {
    proc_cpu("/proc/self/stat")
}

/// utime + stime from a `/proc/…/stat` file.
fn proc_cpu(path: &str) -> Option<Duration> {
    let stat = std::fs::read_to_string(path).ok()?;
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 10))
}

/// CPU time of the calling thread, from `/proc/thread-self/stat` (10 ms ticks: exact enough
/// summed over hundreds of sign-ins); `None` off Linux.
fn thread_cpu() -> Option<Duration> {
    proc_cpu("/proc/thread-self/stat")
}

fn count_cpu(total_ms: &AtomicU64, before: Option<Duration>) {
    if let Some((after, before)) = thread_cpu().zip(before) {
        let spent = after.saturating_sub(before).as_millis() as u64;
        total_ms.fetch_add(spent, Ordering::Relaxed);
    }
}

/// The client's SRP maths for one sign-in (generate + claim + signature), measured alone.
fn client_proof_cost() -> Duration {
    let b_pub = ClientEphemeral::generate().public().clone();
    let salt = num_bigint::BigUint::from(0x1234_5678_9abc_def0_u64);
    let block = [0x5a_u8; 64];
    let mut times: Vec<Duration> = (0..CALIBRATION_PROOFS)
        .map(|_| {
            let start = Instant::now();
            let client = ClientEphemeral::generate();
            let claim = client
                .claim(&b_pub, &salt, "pool", "user", PASSWORD)
                .expect("a random B is not 0 mod N");
            let ts = format_timestamp(unix_now());
            std::hint::black_box(password_claim_signature(
                &claim.key, "pool", "user", &block, &ts,
            ));
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
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

async fn run(seconds: u64) -> AnyResult<()> {
    let dir = tempfile::tempdir()?;
    let pool = LocalPool::start(LocalConfig {
        bind: "127.0.0.1:0".parse()?,
        data_dir: dir.path().to_path_buf(),
        region: "us-east-1".into(),
    })
    .await?;
    let api = Api {
        // Loopback only: never route through a proxy from the environment.
        http: reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(30))
            .build()?,
        endpoint: pool.info.endpoint.clone(),
        client_id: pool.info.client_id.clone(),
        pool_name: pool
            .info
            .user_pool_id
            .split_once('_')
            .map(|(_, name)| name.to_owned())
            .ok_or("the pool id has no '_'")?,
        client_cpu_ms: Arc::new(AtomicU64::new(0)),
    };
    let outcome = load(&api, seconds).await;
    pool.stop().await;
    outcome
}

async fn load(api: &Api, seconds: u64) -> AnyResult<()> {
    let users: Vec<String> = (0..USERS).map(|i| format!("load-user-{i:02}")).collect();
    for user in &users {
        api.sign_up_and_confirm(user).await?;
    }
    println!("signed up and confirmed {USERS} users; calibrating the client's SRP maths…");
    let client_cost = tokio::task::spawn_blocking(client_proof_cost).await?;
    println!(
        "running {USERS} concurrent clients for {seconds} s against {} …",
        api.endpoint
    );

    let deadline = Instant::now() + Duration::from_secs(seconds);
    let cpu_before = process_cpu();
    let wall = Instant::now();
    let tasks: Vec<_> = users
        .into_iter()
        .map(|user| {
            let api = Arc::new(api.clone());
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
    let cpu = process_cpu()
        .zip(cpu_before)
        .map(|(after, before)| after.saturating_sub(before));
    total.latencies.sort();

    let rate = total.ok as f64 / elapsed.as_secs_f64();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!();
    println!(
        "cores: {cores}; clients: {USERS}; wall: {:.2} s",
        elapsed.as_secs_f64()
    );
    println!("sign-ins verified: {}   failed: {}", total.ok, total.failed);
    if let Some(e) = &total.first_error {
        println!("first failure: {e}");
    }
    println!("verified sign-ins per second (client + server on the same cores): {rate:.1}");
    println!(
        "latency per sign-in (2 round trips + client maths): p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        ms(percentile(&total.latencies, 50.0)),
        ms(percentile(&total.latencies, 95.0)),
        ms(percentile(&total.latencies, 99.0)),
        ms(percentile(&total.latencies, 100.0)),
    );
    println!(
        "client SRP maths alone (median of {CALIBRATION_PROOFS}, unloaded): {:.2} ms per sign-in",
        ms(client_cost)
    );
    let attempts = total.ok + total.failed;
    match cpu {
        Some(cpu) if attempts > 0 => {
            let per_signin = cpu / attempts as u32;
            // The clients' maths as measured on their own threads during the run; the unloaded
            // calibration only where per-thread CPU cannot be read.
            let client_share = match thread_cpu() {
                Some(_) => {
                    Duration::from_millis(api.client_cpu_ms.load(Ordering::Relaxed))
                        / attempts as u32
                }
                None => client_cost,
            };
            let server_share = per_signin.saturating_sub(client_share);
            println!(
                "process CPU: {:.2} s over {:.2} s wall ({:.0}% of {cores} cores); {:.2} ms CPU per sign-in",
                cpu.as_secs_f64(),
                elapsed.as_secs_f64(),
                100.0 * cpu.as_secs_f64() / (elapsed.as_secs_f64() * cores as f64),
                ms(per_signin),
            );
            println!(
                "of which the clients' SRP maths (CPU on their threads): {:.2} ms per sign-in",
                ms(client_share)
            );
            if server_share > Duration::ZERO {
                println!(
                    "ESTIMATE, server only: {:.2} ms CPU per sign-in (process CPU minus the client's \
                     SRP maths; still includes the clients' HTTP/JSON) → ≈ {:.0} sign-ins/s on {cores} \
                     cores if the server had them to itself",
                    ms(server_share),
                    cores as f64 / server_share.as_secs_f64(),
                );
            }
        }
        _ => println!("process CPU: not available here (no /proc/self/stat)"),
    }
    if total.ok == 0 {
        return Err("no sign-in succeeded".into());
    }
    Ok(())
}

fn main() -> AnyResult<()> {
    // `cargo bench` passes `--bench`; this generator takes no arguments.
    let seconds = match std::env::var("COGTUI_LOAD_SECONDS") {
        Ok(s) => s.parse().map_err(|_| {
            format!("COGTUI_LOAD_SECONDS must be a whole number of seconds, not {s:?}")
        })?,
        Err(_) => 10,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    // Bounded even if a request hangs: the load time plus set-up and the 30 s request timeout.
    runtime.block_on(async {
        tokio::time::timeout(Duration::from_secs(seconds + 120), run(seconds))
            .await
            .map_err(|_| "the load run did not finish in time")?
    })
}

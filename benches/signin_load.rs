//! Load generator: complete, verified SRP sign-ins over HTTP against the local pool and, side by
//! side in the same run, fakecloud (when installed), each a separate server process.
//!
//! For each server and each client thread count (1 and 8) it signs in for `COGTUI_LOAD_SECONDS`
//! (default 10) after a one-second warm-up: every sign-in is InitiateAuth USER_SRP_AUTH with a
//! fresh A, then RespondToAuthChallenge PASSWORD_VERIFIER, and counts only when tokens come back.
//! It reports sign-ins per second, latency percentiles, and the server process's CPU per sign-in
//! from `/proc/PID/stat` (utime + stime), with the whole machine's busy time from `/proc/stat` so
//! a run disturbed by other work shows it. The local pool's users come from `cogtui local seed`;
//! then the pool is seeded again with `COGTUI_LOAD_SCALE` users (default 100,000; 0 skips) and
//! signed in at 8 threads with users drawn from the whole pool, to compare with 10².
//!
//! fakecloud: `COGTUI_FAKECLOUD=/path/to/fakecloud`, or `fakecloud` on PATH; without it only the
//! local pool is measured (and the report says so). Run: `cargo bench --bench signin_load`.
//! `COGTUI_LOAD_PHASES=1` also prints where each sign-in's time went (client maths, each call on
//! the wire), for all sign-ins and for the slowest 1 %. `COGTUI_LOAD_A_BITS=1024` makes the
//! client draw a as AWS's SDKs do (1024 bits, twice the client's work; the pool's is the same).

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use cogtui::srp::{
    ClientEphemeral, format_timestamp, parse_hex, password_claim_signature, random_biguint,
};
use num_bigint::BigUint;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::LazyLock;
use std::time::{Duration, Instant, SystemTime};

type AnyResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

const SMALL_POOL: usize = 100;
const THREADS: &[usize] = &[1, 8];
const FC_PASSWORD: &str = "Load-Test-Passw0rd!";

/// A server process, killed when dropped.
struct Server {
    child: Child,
    endpoint: String,
    region: String,
    client_id: String,
    /// The part of the pool id after `_`, which SRP hashes.
    pool_name: String,
    users: Vec<(String, String)>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Clock ticks per second for `/proc` CPU times.
fn clock_ticks() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}

/// utime + stime of a process, in ticks.
fn process_ticks(pid: u32) -> AnyResult<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    let close = stat.rfind(')').ok_or("odd /proc stat")?;
    let fields: Vec<&str> = stat[close + 1..].split_whitespace().collect();
    // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12.
    Ok(fields[11].parse::<u64>()? + fields[12].parse::<u64>()?)
}

/// (busy, total) ticks of the whole machine.
fn machine_ticks() -> AnyResult<(u64, u64)> {
    let stat = std::fs::read_to_string("/proc/stat")?;
    let line = stat.lines().next().ok_or("empty /proc/stat")?;
    let v: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .filter_map(|f| f.parse().ok())
        .collect();
    let total: u64 = v.iter().take(8).sum();
    let idle = v.get(3).copied().unwrap_or(0) + v.get(4).copied().unwrap_or(0);
    Ok((total - idle, total))
}

fn free_port() -> AnyResult<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

fn cogtui_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_cogtui"))
}

/// `cogtui local seed`, returning (username, password) pairs.
fn seed(data: &Path, users: usize, prefix: &str) -> AnyResult<(Vec<(String, String)>, Duration)> {
    let start = Instant::now();
    let out = Command::new(cogtui_bin())
        .args([
            "local",
            "seed",
            "--users",
            &users.to_string(),
            "--prefix",
            prefix,
        ])
        .arg("--data-dir")
        .arg(data)
        .output()?;
    let took = start.elapsed();
    if !out.status.success() {
        return Err(format!("seed failed: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    let list: Vec<Value> = serde_json::from_slice(&out.stdout)?;
    let pairs = list
        .iter()
        .filter_map(|u| {
            Some((
                u["username"].as_str()?.to_owned(),
                u["password"].as_str()?.to_owned(),
            ))
        })
        .collect::<Vec<_>>();
    Ok((pairs, took))
}

/// `cogtui local serve` on a free port over `data`, its profile written inside `data`.
fn start_cogtui(data: &Path, users: Vec<(String, String)>) -> AnyResult<Server> {
    let mut child = Command::new(cogtui_bin())
        .args(["local", "serve", "--bind", "127.0.0.1:0"])
        .arg("--data-dir")
        .arg(data)
        .env("COGTUI_CONFIG", data.join("config.toml"))
        .env("COGTUI_LOG", "off")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line)?;
    let info: Value = serde_json::from_str(&line)
        .map_err(|e| format!("cogtui local serve's first line is not JSON ({e}): {line}"))?;
    let s = |k: &str| info[k].as_str().unwrap_or_default().to_owned();
    let pool_id = s("user_pool_id");
    Ok(Server {
        child,
        endpoint: s("endpoint"),
        region: s("region"),
        client_id: s("client_id"),
        pool_name: pool_id
            .split_once('_')
            .map(|(_, n)| n.to_owned())
            .unwrap_or_default(),
        users,
    })
}

fn fakecloud_bin() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("COGTUI_FAKECLOUD") {
        return Some(PathBuf::from(p));
    }
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("fakecloud"))
            .find(|p| p.is_file())
    });
    on_path.or_else(|| {
        let p = PathBuf::from("/root/.cargo/bin/fakecloud");
        p.is_file().then_some(p)
    })
}

/// JSON 1.1 call, SigV4-signed when `signed` (any key does for fakecloud's admin calls).
async fn call(
    http: &reqwest::Client,
    endpoint: &str,
    region: &str,
    op: &str,
    body: &Value,
    signed: bool,
) -> AnyResult<Value> {
    let body = body.to_string();
    let url = format!("{endpoint}/");
    let target = format!("AWSCognitoIdentityProviderService.{op}");
    let mut req = http
        .post(&url)
        .header("content-type", "application/x-amz-json-1.1")
        .header("x-amz-target", &target);
    if signed {
        let host = endpoint.trim_start_matches("http://").to_owned();
        let headers = [
            ("content-type", "application/x-amz-json-1.1"),
            ("host", host.as_str()),
            ("x-amz-target", target.as_str()),
        ];
        let identity: Identity =
            Credentials::new("AKIAFAKECLOUDLOAD000", "fakecloud-load", None, None, "load").into();
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(region)
            .name("cognito-idp")
            .time(SystemTime::now())
            .settings(SigningSettings::default())
            .build()?
            .into();
        let signable = SignableRequest::new(
            "POST",
            url.as_str(),
            headers.iter().copied(),
            SignableBody::Bytes(body.as_bytes()),
        )?;
        let (instructions, _) = sign(signable, &params)?.into_parts();
        for (k, v) in instructions.headers() {
            req = req.header(k, v);
        }
    }
    let resp = req.body(body).send().await?;
    let status = resp.status();
    let text = resp.text().await?;
    if !status.is_success() {
        return Err(format!("{op}: HTTP {status}: {text}").into());
    }
    Ok(serde_json::from_str(&text)?)
}

/// fakecloud on a free port with one pool, one SRP client and `users` confirmed users.
fn start_fakecloud(bin: &Path, dir: &Path, users: usize) -> AnyResult<Server> {
    let port = free_port()?;
    let addr = format!("127.0.0.1:{port}");
    let child = Command::new(bin)
        .args(["--addr", &addr])
        .env("FAKECLOUD_ADDR", &addr)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let mut server = Server {
        child,
        endpoint: format!("http://{addr}"),
        region: "us-east-1".into(),
        client_id: String::new(),
        pool_name: String::new(),
        users: Vec::new(),
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            return Err("fakecloud did not start".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let http = reqwest::Client::builder().no_proxy().build()?;
    let (ep, region) = (server.endpoint.clone(), server.region.clone());
    let (pool_id, client_id, names) = rt.block_on(async {
        let pool = call(&http, &ep, &region, "CreateUserPool", &json!({"PoolName": "load"}), true)
            .await?;
        let pool_id = pool["UserPool"]["Id"].as_str().ok_or("no pool id")?.to_owned();
        let client = call(
            &http,
            &ep,
            &region,
            "CreateUserPoolClient",
            &json!({"UserPoolId": pool_id, "ClientName": "load",
                    "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
            true,
        )
        .await?;
        let client_id = client["UserPoolClient"]["ClientId"]
            .as_str()
            .ok_or("no client id")?
            .to_owned();
        let mut names = Vec::new();
        for i in 1..=users {
            let name = format!("user-{i:06}");
            call(
                &http,
                &ep,
                &region,
                "SignUp",
                &json!({"ClientId": client_id, "Username": name, "Password": FC_PASSWORD,
                        "UserAttributes": [{"Name": "email", "Value": format!("{name}@example.com")}]}),
                false,
            )
            .await?;
            call(
                &http,
                &ep,
                &region,
                "AdminConfirmSignUp",
                &json!({"UserPoolId": pool_id, "Username": name}),
                true,
            )
            .await?;
            names.push((name, FC_PASSWORD.to_owned()));
        }
        AnyResult::Ok((pool_id, client_id, names))
    })?;
    server.pool_name = pool_id
        .split_once('_')
        .map(|(_, n)| n.to_owned())
        .unwrap_or_default();
    server.client_id = client_id;
    server.users = names;
    Ok(server)
}

/// `COGTUI_LOAD_A_BITS=1024`: the client draws a as AWS's SDKs do (128 bytes) instead of
/// cogtui's 256 bits; the pool's work is the same, the client's (on the same cores) doubles.
static A_BITS: LazyLock<Option<u64>> = LazyLock::new(|| {
    std::env::var("COGTUI_LOAD_A_BITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&b: &u64| (64..=4096).contains(&b))
});

/// Where one sign-in's time went: the client's A, InitiateAuth on the wire, the client's claim
/// (S, the key, the signature), RespondToAuthChallenge on the wire.
type Phases = [Duration; 4];
const PHASE_NAMES: [&str; 4] = ["client A", "InitiateAuth", "client claim", "RespondToAuth"];

/// One complete SRP sign-in; Ok (with its phases) only when tokens came back.
async fn sign_in(
    http: &reqwest::Client,
    s: &Server,
    user: &str,
    password: &str,
) -> AnyResult<Phases> {
    let mut marks = [Instant::now(); 5];
    let client = match *A_BITS {
        Some(bits) => {
            ClientEphemeral::from_secret(random_biguint(bits) | (BigUint::from(1u8) << (bits - 1)))
        }
        None => ClientEphemeral::generate(),
    };
    marks[1] = Instant::now();
    let start = call(
        http,
        &s.endpoint,
        &s.region,
        "InitiateAuth",
        &json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": s.client_id,
                "AuthParameters": {"USERNAME": user, "SRP_A": client.public_hex()}}),
        false,
    )
    .await?;
    marks[2] = Instant::now();
    let p = &start["ChallengeParameters"];
    let field = |name: &str| -> AnyResult<&str> {
        p[name]
            .as_str()
            .ok_or_else(|| format!("InitiateAuth answer has no {name}").into())
    };
    let salt = parse_hex(field("SALT")?).ok_or("SALT is not hex")?;
    let b_pub = parse_hex(field("SRP_B")?).ok_or("SRP_B is not hex")?;
    let user_id = field("USER_ID_FOR_SRP")?;
    let block_b64 = field("SECRET_BLOCK")?;
    let claim = client.claim(&b_pub, &salt, &s.pool_name, user_id, password)?;
    use base64::Engine;
    let block = base64::engine::general_purpose::STANDARD.decode(block_b64)?;
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)?
        .as_secs() as i64;
    let timestamp = format_timestamp(now);
    let signature = password_claim_signature(&claim.key, &s.pool_name, user_id, &block, &timestamp);
    marks[3] = Instant::now();
    let done = call(
        http,
        &s.endpoint,
        &s.region,
        "RespondToAuthChallenge",
        &json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": s.client_id,
                "Session": start["Session"],
                "ChallengeResponses": {"USERNAME": user_id, "PASSWORD_CLAIM_SECRET_BLOCK": block_b64,
                    "TIMESTAMP": timestamp, "PASSWORD_CLAIM_SIGNATURE": signature}}),
        false,
    )
    .await?;
    marks[4] = Instant::now();
    if done["AuthenticationResult"]["AccessToken"].is_string() {
        Ok(std::array::from_fn(|i| marks[i + 1] - marks[i]))
    } else {
        Err(format!("no tokens in the answer: {done}").into())
    }
}

struct Outcome {
    ok: u64,
    failed: u64,
    first_error: Option<String>,
    latencies: Vec<Duration>,
    phases: Vec<Phases>,
}

/// `threads` client threads signing in until `until`; only sign-ins started after `from` count.
fn client_thread(s: &Server, seed: u64, from: Instant, until: Instant) -> Outcome {
    let mut out = Outcome {
        ok: 0,
        failed: 0,
        first_error: None,
        latencies: Vec::new(),
        phases: Vec::new(),
    };
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            out.first_error = Some(e.to_string());
            return out;
        }
    };
    let http = match reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .build()
    {
        Ok(h) => h,
        Err(e) => {
            out.first_error = Some(e.to_string());
            return out;
        }
    };
    // A small xorshift: which user signs in next, spread over the whole pool.
    let mut x = seed | 1;
    rt.block_on(async {
        loop {
            let start = Instant::now();
            if start >= until {
                break;
            }
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let (user, password) = &s.users[(x % s.users.len() as u64) as usize];
            let result = sign_in(&http, s, user, password).await;
            if start < from {
                continue;
            }
            match result {
                Ok(phases) => {
                    out.ok += 1;
                    out.latencies.push(start.elapsed());
                    out.phases.push(phases);
                }
                Err(e) => {
                    out.failed += 1;
                    out.first_error.get_or_insert_with(|| e.to_string());
                }
            }
        }
    });
    out
}

struct Row {
    label: String,
    threads: usize,
    rate: f64,
    p50: f64,
    p99: f64,
    server_cpu_ms: f64,
    machine_busy: f64,
    ok: u64,
    failed: u64,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn measure(s: &Server, label: &str, threads: usize, seconds: u64) -> AnyResult<Row> {
    let ticks = clock_ticks();
    let warm = Instant::now() + Duration::from_secs(1);
    let until = warm + Duration::from_secs(seconds);
    let mut before: Option<(u64, (u64, u64), Instant)> = None;
    let outcomes: Vec<Outcome> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let seed = 0x9e37_79b9_7f4a_7c15u64.wrapping_mul(t as u64 + 1);
                scope.spawn(move || client_thread(s, seed, warm, until))
            })
            .collect();
        std::thread::sleep(warm.saturating_duration_since(Instant::now()));
        before = Some((
            process_ticks(s.child.id()).unwrap_or(0),
            machine_ticks().unwrap_or((0, 0)),
            Instant::now(),
        ));
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or(Outcome {
                    ok: 0,
                    failed: 1,
                    first_error: Some("a client thread panicked".into()),
                    latencies: Vec::new(),
                    phases: Vec::new(),
                })
            })
            .collect()
    });
    let (server_before, (busy_before, total_before), wall_start) =
        before.ok_or("no starting CPU reading")?;
    let server_after = process_ticks(s.child.id())?;
    let (busy_after, total_after) = machine_ticks()?;
    let wall = wall_start.elapsed();
    let mut lat = Vec::new();
    let mut phases = Vec::new();
    let (mut ok, mut failed, mut first_error) = (0, 0, None);
    for o in outcomes {
        ok += o.ok;
        failed += o.failed;
        lat.extend(o.latencies.iter().copied());
        phases.extend(o.latencies.into_iter().zip(o.phases));
        if first_error.is_none() {
            first_error = o.first_error;
        }
    }
    lat.sort();
    if let Some(e) = first_error {
        println!("  {label}, {threads} threads: first failure: {e}");
    }
    if ok == 0 {
        return Err(format!("{label}: no sign-in succeeded").into());
    }
    let server_ms = (server_after - server_before) as f64 * 1000.0 / ticks;
    let row = Row {
        label: label.to_owned(),
        threads,
        rate: ok as f64 / wall.as_secs_f64(),
        p50: ms(percentile(&lat, 50.0)),
        p99: ms(percentile(&lat, 99.0)),
        server_cpu_ms: server_ms / (ok + failed) as f64,
        machine_busy: 100.0 * (busy_after - busy_before) as f64
            / (total_after - total_before).max(1) as f64,
        ok,
        failed,
    };
    println!(
        "  {:<28} {:>2} threads: {:>7.1} sign-ins/s  p50 {:>6.1} ms  p99 {:>6.1} ms  server CPU \
         {:>5.2} ms/sign-in  machine busy {:>3.0} %  ({} ok, {} failed)",
        row.label,
        row.threads,
        row.rate,
        row.p50,
        row.p99,
        row.server_cpu_ms,
        row.machine_busy,
        row.ok,
        row.failed
    );
    if std::env::var_os("COGTUI_LOAD_PHASES").is_some() {
        print_phases(&mut phases, row.p99);
    }
    Ok(row)
}

/// `COGTUI_LOAD_PHASES=1`: where the time of a sign-in goes, for all sign-ins and for the
/// slowest 1 % (at or above p99), so a tail can be put down to the server's answers or to the
/// client's own maths waiting for a core.
fn print_phases(all: &mut [(Duration, Phases)], p99_ms: f64) {
    let mean = |rows: &[&(Duration, Phases)], i: usize| {
        rows.iter().map(|(_, p)| ms(p[i])).sum::<f64>() / rows.len().max(1) as f64
    };
    let every: Vec<_> = all.iter().collect();
    let tail: Vec<_> = all.iter().filter(|(t, _)| ms(*t) >= p99_ms).collect();
    for (name, rows) in [("all", &every), ("slowest 1 %", &tail)] {
        let parts: Vec<String> = (0..4)
            .map(|i| format!("{} {:.1}", PHASE_NAMES[i], mean(rows, i)))
            .collect();
        println!(
            "      mean ms, {name} ({} sign-ins): {}",
            rows.len(),
            parts.join(", ")
        );
    }
    for (i, name) in PHASE_NAMES.iter().enumerate() {
        let mut v: Vec<Duration> = all.iter().map(|(_, p)| p[i]).collect();
        v.sort();
        println!(
            "      {name:<14} p50 {:>6.1} ms  p99 {:>6.1} ms  max {:>6.1} ms",
            ms(percentile(&v, 50.0)),
            ms(percentile(&v, 99.0)),
            ms(v.last().copied().unwrap_or_default())
        );
    }
}

fn main() -> AnyResult<()> {
    let seconds: u64 = match std::env::var("COGTUI_LOAD_SECONDS") {
        Ok(s) => s
            .parse()
            .map_err(|_| format!("COGTUI_LOAD_SECONDS must be whole seconds, not {s:?}"))?,
        Err(_) => 10,
    };
    let scale: usize = match std::env::var("COGTUI_LOAD_SCALE") {
        Ok(s) => s
            .parse()
            .map_err(|_| format!("COGTUI_LOAD_SCALE must be a number of users, not {s:?}"))?,
        Err(_) => 100_000,
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("cores: {cores}; {seconds} s per case after 1 s of warm-up");
    let dir = tempfile::tempdir()?;

    let small = dir.path().join("cogtui-small");
    let (users, _) = seed(&small, SMALL_POOL, "user")?;
    let ours = start_cogtui(&small, users)?;
    let theirs = match fakecloud_bin() {
        Some(bin) => Some(start_fakecloud(&bin, dir.path(), SMALL_POOL)?),
        None => {
            println!(
                "fakecloud not found (COGTUI_FAKECLOUD, PATH, /root/.cargo/bin): measuring the \
                 local pool only"
            );
            None
        }
    };
    let mut rows = Vec::new();
    for &threads in THREADS {
        rows.push(measure(&ours, "cogtui, 10^2 users", threads, seconds)?);
        if let Some(fc) = &theirs {
            rows.push(measure(fc, "fakecloud, 10^2 users", threads, seconds)?);
        }
    }
    drop(theirs);
    drop(ours);

    if scale > 0 {
        let big = dir.path().join("cogtui-scale");
        let (users, took) = seed(&big, scale, "user")?;
        println!(
            "  seeded {scale} users in {:.1} s (cogtui local seed)",
            took.as_secs_f64()
        );
        let ours = start_cogtui(&big, users)?;
        let row = measure(&ours, &format!("cogtui, {scale} users"), 8, seconds)?;
        if let Some(small8) = rows
            .iter()
            .find(|r| r.label.starts_with("cogtui") && r.threads == 8)
        {
            println!(
                "  sign-ins/s with {scale} users ÷ with {SMALL_POOL}: {:.3}",
                row.rate / small8.rate
            );
        }
        rows.push(row);
    }

    println!();
    println!(
        "| server | client threads | sign-ins/s | p50 ms | p99 ms | server CPU ms/sign-in | machine busy |"
    );
    println!("|---|---|---|---|---|---|---|");
    for r in &rows {
        println!(
            "| {} | {} | {:.1} | {:.1} | {:.1} | {:.2} | {:.0} % |",
            r.label, r.threads, r.rate, r.p50, r.p99, r.server_cpu_ms, r.machine_busy
        );
    }
    for &threads in THREADS {
        let pick = |name: &str| {
            rows.iter().find(|r| {
                r.label.starts_with(name) && r.threads == threads && r.label.contains("10^2")
            })
        };
        if let (Some(a), Some(b)) = (pick("cogtui"), pick("fakecloud")) {
            println!(
                "{threads} threads: CPU per sign-in cogtui ÷ fakecloud {:.2}; sign-ins/s cogtui ÷ \
                 fakecloud {:.2}",
                a.server_cpu_ms / b.server_cpu_ms,
                a.rate / b.rate
            );
        }
    }
    Ok(())
}

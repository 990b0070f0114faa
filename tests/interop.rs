//! Interop: AWS's own client SDKs (amazon-cognito-identity-js, boto3 + pycognito) against
//! `cogtui local serve`, through the scripts in `tests/interop/`.
//!
//! Each test starts its own server on an ephemeral port with a fresh data directory, hands the
//! server's first stdout line to a script as `COGTUI_LOCAL`, and asserts that the script exits 0.
//! They are `#[ignore]`d, so a bare `cargo test` lists them as ignored with what they need;
//! `cargo test -- --include-ignored` (what `.ci/run` does) runs them, and then a missing SDK is a
//! failure that says how to install it (`bash tests/interop/install.sh`).
#![cfg(feature = "local")]

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

const SERVER_START_TIMEOUT: Duration = Duration::from_secs(60);
const SCRIPT_TIMEOUT: Duration = Duration::from_secs(300);
const INSTALL_HINT: &str = "install them with `bash tests/interop/install.sh` \
     (npm ci in tests/interop/node, pip install -r tests/interop/python/requirements.txt)";

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Fails, saying what is missing and how to install it, when a prerequisite is not there: these
/// tests only run when asked for (`--include-ignored`), so a missing SDK is an error.
fn require(ok: Result<(), String>, test: &str) {
    if let Err(reason) = ok {
        panic!("{test} cannot run: {reason}; {INSTALL_HINT}");
    }
}

fn runs(program: &str, args: &[&str]) -> Result<(), String> {
    let output = Command::new(program)
        .args(args)
        .current_dir(manifest_dir())
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run `{program}`: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`{program} {}` failed ({}): {}",
            args.join(" "),
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

fn node_ready() -> Result<(), String> {
    runs("node", &["--version"])?;
    let package = manifest_dir()
        .join("tests/interop/node/node_modules/amazon-cognito-identity-js/package.json");
    if package.is_file() {
        Ok(())
    } else {
        Err(format!("{} is missing", package.display()))
    }
}

fn python_ready() -> Result<(), String> {
    runs("python3", &["-c", "import boto3, botocore, pycognito"])
}

/// The running `cogtui local serve`; killed when dropped, so a failing test leaves no server.
struct Server {
    child: Child,
    line: String,
    stderr_path: PathBuf,
    // Removed after Drop::drop has killed the server, so the data directory outlives it.
    _dir: tempfile::TempDir,
}

impl Server {
    fn start() -> Server {
        let dir = tempfile::tempdir().expect("create a temporary data directory");
        let data_dir = dir.path().join("data");
        std::fs::create_dir_all(&data_dir).expect("create the data directory");
        let stderr_path = dir.path().join("server.stderr");
        let stderr = File::create(&stderr_path).expect("create the server's stderr file");
        let mut child = Command::new(env!("CARGO_BIN_EXE_cogtui"))
            .args(["local", "serve", "--bind", "127.0.0.1:0", "--data-dir"])
            .arg(&data_dir)
            .env("COGTUI_CONFIG", dir.path().join("config.toml"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(stderr))
            .spawn()
            .expect("spawn `cogtui local serve`");
        let stdout = child.stdout.take().expect("the server's stdout is piped");
        let (tx, rx) = mpsc::channel();
        // Reads the first line, then drains stdout so the server never blocks on a full pipe.
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let first = reader.read_line(&mut line).map(|_| line);
            let _ = tx.send(first);
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        });
        let mut server = Server {
            child,
            line: String::new(),
            stderr_path,
            _dir: dir,
        };
        let line = match rx.recv_timeout(SERVER_START_TIMEOUT) {
            Ok(Ok(line)) => line,
            Ok(Err(e)) => panic!(
                "reading the server's first line failed: {e}{}",
                server.stderr_tail()
            ),
            Err(_) => panic!(
                "the server printed no line within {} s{}",
                SERVER_START_TIMEOUT.as_secs(),
                server.stderr_tail()
            ),
        };
        let line = line.trim().to_owned();
        if line.is_empty() {
            let status = server.child.try_wait().ok().flatten();
            panic!(
                "the server closed stdout without printing its JSON line (exit: {status:?}){}",
                server.stderr_tail()
            );
        }
        let parsed: serde_json::Value = serde_json::from_str(&line).unwrap_or_else(|e| {
            panic!(
                "the server's first line is not JSON ({e}): {line}{}",
                server.stderr_tail()
            )
        });
        for key in ["endpoint", "region", "user_pool_id", "client_id"] {
            assert!(
                parsed
                    .get(key)
                    .and_then(|v| v.as_str())
                    .is_some_and(|s| !s.is_empty()),
                "the server's first line has no string `{key}`: {line}"
            );
        }
        server.line = line;
        server
    }

    fn stderr_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.stderr_path).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        let tail = lines[lines.len().saturating_sub(60)..].join("\n");
        format!("\n--- server stderr (last 60 lines) ---\n{tail}")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_with_timeout(child: &mut Child, timeout: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + timeout;
    loop {
        match child.try_wait().expect("poll the script") {
            Some(status) => return Some(status),
            None if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
            None => thread::sleep(Duration::from_millis(100)),
        }
    }
}

fn read_all(path: &Path) -> String {
    let mut text = String::new();
    if let Ok(mut file) = File::open(path) {
        let _ = file.read_to_string(&mut text);
    }
    text
}

/// Runs one script against a fresh server and asserts that it passed.
fn run_script(program: &str, script: &str) {
    let server = Server::start();
    let out_dir = tempfile::tempdir().expect("create a directory for the script's output");
    let stdout_path = out_dir.path().join("stdout");
    let stderr_path = out_dir.path().join("stderr");
    let mut child = Command::new(program)
        .arg(script)
        .current_dir(manifest_dir())
        .env("COGTUI_LOCAL", &server.line)
        .env("PYTHONUNBUFFERED", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::from(
            File::create(&stdout_path).expect("create the script's stdout file"),
        ))
        .stderr(Stdio::from(
            File::create(&stderr_path).expect("create the script's stderr file"),
        ))
        .spawn()
        .unwrap_or_else(|e| panic!("spawn `{program} {script}`: {e}"));
    let status = wait_with_timeout(&mut child, SCRIPT_TIMEOUT);
    let stdout = read_all(&stdout_path);
    let stderr = read_all(&stderr_path);
    let report = format!(
        "`{program} {script}` with COGTUI_LOCAL={}\n--- script stdout ---\n{stdout}\n--- script stderr ---\n{stderr}{}",
        server.line,
        server.stderr_tail()
    );
    match status {
        Some(status) if status.success() => eprintln!("{report}"),
        Some(status) => panic!("{program} {script} failed ({status})\n{report}"),
        None => panic!(
            "{program} {script} ran longer than {} s and was killed\n{report}",
            SCRIPT_TIMEOUT.as_secs()
        ),
    }
}

#[test]
#[ignore = "needs node and amazon-cognito-identity-js: bash tests/interop/install.sh"]
fn amazon_cognito_identity_js_against_local_pool() {
    require(node_ready(), "the amazon-cognito-identity-js interop test");
    run_script("node", "tests/interop/node/flow.mjs");
}

#[test]
#[ignore = "needs python3 with boto3 and pycognito: bash tests/interop/install.sh"]
fn boto3_and_pycognito_against_local_pool() {
    require(python_ready(), "the boto3/pycognito interop test");
    run_script("python3", "tests/interop/python/flow.py");
}

#[test]
#[ignore = "needs python3 with boto3 and pycognito: bash tests/interop/install.sh"]
fn boto3_support_staff_calls_against_local_pool() {
    require(python_ready(), "the boto3 support-staff interop test");
    run_script("python3", "tests/interop/python/support.py");
}

fn authlib_ready() -> Result<(), String> {
    runs(
        "python3",
        &["-c", "import authlib, joserfc, requests, boto3"],
    )
}

#[test]
#[ignore = "needs python3 with authlib, requests and boto3: bash tests/interop/install.sh"]
fn authlib_completes_the_hosted_ui_code_flow_against_local_pool() {
    require(authlib_ready(), "the authlib Hosted UI interop test");
    run_script("python3", "tests/interop/python/hosted_ui_authlib.py");
}

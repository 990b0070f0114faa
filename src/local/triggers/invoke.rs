//! Running a trigger: a local command (`sh -c`, event on stdin, answer on stdout) or an HTTP
//! POST, each within the trigger timeout. Ops run on blocking threads, so waiting here is fine.

use super::target::Target;
use crate::local::escape::printable;
use serde_json::Value;
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Why a trigger gave no usable answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The handler threw, exited non-zero or answered an error status: its message.
    Handler(String),
    /// No answer within the timeout.
    Timeout,
    /// An answer that is not a JSON object.
    BadResponse,
    /// The trigger could not be started or reached.
    Unreachable(String),
}

/// Lambda's limit on a synchronous answer; a longer one is not a valid answer.
const MAX_ANSWER: u64 = 6 * 1024 * 1024;

/// Runs the trigger with the event and returns the JSON object it answered.
pub fn invoke(target: &Target, event: &Value, timeout: Duration) -> Result<Value, Failure> {
    let body = event.to_string();
    // The handler's time is not the pool's: this request gives its slot to the next.
    crate::local::work::waiting(|| match target {
        Target::Command(cmd) => command(cmd, body, timeout),
        Target::Http(url) => http(url, body, timeout),
    })
}

/// What a Lambda runtime prints for a thrown error: `{"errorMessage": …}`.
fn error_message(text: &str) -> Option<String> {
    let v: Value = serde_json::from_str(text.trim()).ok()?;
    v.get("errorMessage")?.as_str().map(str::to_owned)
}

fn answer(text: &str) -> Result<Value, Failure> {
    match serde_json::from_str::<Value>(text.trim()) {
        Ok(v) if v.is_object() => Ok(v),
        _ => Err(Failure::BadResponse),
    }
}

fn command(cmd: &str, body: String, timeout: Duration) -> Result<Value, Failure> {
    use std::os::unix::process::CommandExt;
    let deadline = Instant::now() + timeout;
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Its own process group, so a timeout stops what the shell started too.
        .process_group(0)
        .spawn()
        .map_err(|e| Failure::Unreachable(format!("cannot start sh: {e}")))?;
    let pid = child.id();
    if let Some(mut stdin) = child.stdin.take() {
        // A handler that does not read its stdin must not block the pool.
        std::thread::spawn(move || {
            let _ = stdin.write_all(body.as_bytes());
        });
    }
    let (tx, rx) = mpsc::channel();
    if let Some(mut out) = child.stdout.take() {
        std::thread::spawn(move || {
            let mut text = String::new();
            // One byte over the limit is enough to know the answer is too long (then it
            // does not parse); the rest is drained so the handler is never blocked writing.
            let _ = (&mut out).take(MAX_ANSWER + 1).read_to_string(&mut text);
            let _ = std::io::copy(&mut out, &mut std::io::sink());
            let _ = tx.send(text);
        });
    }
    if let Some(mut err) = child.stderr.take() {
        // The handler's console goes to the pool's log, never to the caller.
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = err.read_to_string(&mut text);
            for line in text.lines() {
                tracing::info!(target: "cogtui::local::triggers", "handler: {}", printable(line));
            }
        });
    }
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                stop_group(pid);
                let _ = child.kill();
                let _ = child.wait();
                return Err(Failure::Timeout);
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(Failure::Unreachable(format!("cannot wait for sh: {e}"))),
        }
    };
    let remaining = deadline.saturating_duration_since(Instant::now());
    let stdout = rx
        .recv_timeout(remaining.max(Duration::from_millis(100)))
        .map_err(|_| {
            stop_group(pid);
            Failure::Timeout
        })?;
    if !status.success() {
        return Err(Failure::Handler(error_message(&stdout).unwrap_or_else(
            || match status.code() {
                Some(code) => format!("the handler exited with status {code}"),
                None => "the handler was killed by a signal".into(),
            },
        )));
    }
    let v = answer(&stdout)?;
    // A runner may also print the error shape and exit 0.
    if let Some(msg) = v.get("errorMessage").and_then(Value::as_str) {
        return Err(Failure::Handler(msg.to_owned()));
    }
    Ok(v)
}

/// Kills the handler's process group (what the shell started).
fn stop_group(pid: u32) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{pid}")])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

fn http(url: &str, body: String, timeout: Duration) -> Result<Value, Failure> {
    let send = async move {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .build()
            .map_err(|e| Failure::Unreachable(e.to_string()))?;
        let resp = client
            .post(url)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .map_err(|e| {
                if e.is_timeout() {
                    Failure::Timeout
                } else {
                    // The URL may hold a token: the log gets it, the caller does not.
                    tracing::warn!(url, error = %e, "trigger URL cannot be reached");
                    Failure::Unreachable("the trigger's URL cannot be reached".into())
                }
            })?;
        let status = resp.status();
        let mut resp = resp;
        let mut body = Vec::new();
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    body.extend_from_slice(&chunk);
                    if body.len() as u64 > MAX_ANSWER {
                        return Err(Failure::BadResponse);
                    }
                }
                Ok(None) => break,
                Err(e) if e.is_timeout() => return Err(Failure::Timeout),
                Err(_) => return Err(Failure::BadResponse),
            }
        }
        let text = String::from_utf8_lossy(&body);
        if !status.is_success() {
            return Err(Failure::Handler(error_message(&text).unwrap_or_else(
                || format!("the handler answered HTTP {}", status.as_u16()),
            )));
        }
        answer(&text)
    };
    // Ops run on the server's blocking threads, inside its runtime; in-process callers
    // (benches, the fuzz harness) may have none.
    match tokio::runtime::Handle::try_current() {
        Ok(handle) => handle.block_on(send),
        Err(_) => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Failure::Unreachable(format!("cannot start a runtime: {e}")))?
            .block_on(send),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(cmd: &str, ms: u64) -> Result<Value, Failure> {
        invoke(
            &Target::Command(cmd.into()),
            &json!({"a": 1}),
            Duration::from_millis(ms),
        )
    }

    #[test]
    fn a_command_reads_the_event_and_answers() {
        assert_eq!(run("cat", 5000), Ok(json!({"a": 1})));
    }

    #[test]
    fn failures_are_told_apart() {
        assert_eq!(
            run("echo '{\"errorMessage\":\"no\"}'; exit 1", 5000),
            Err(Failure::Handler("no".into()))
        );
        assert_eq!(
            run("echo oops >&2; exit 3", 5000),
            Err(Failure::Handler("the handler exited with status 3".into()))
        );
        assert_eq!(run("echo nope", 5000), Err(Failure::BadResponse));
        assert_eq!(
            run(
                "printf '{\"a\":\"'; head -c 7000000 /dev/zero | tr '\\0' a; printf '\"}'",
                5000
            ),
            Err(Failure::BadResponse),
            "an answer over 6 MB"
        );
        let started = Instant::now();
        assert_eq!(run("sleep 5; cat", 200), Err(Failure::Timeout));
        assert!(started.elapsed() < Duration::from_secs(4));
    }
}

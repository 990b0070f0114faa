//! End to end: the real binary in a real terminal (tmux). `cogtui --local` starts, a person
//! signs up, confirms with the code from the outbox, signs in, sees the account, signs out and
//! quits; the shell prompt works afterwards. Then a newcomer's whole walk (issue 8): sign up,
//! leave the code screen, sign in unconfirmed, resend, fill from the outbox, confirm, sign in,
//! copy the token, sign in a second user, switch, take AWS credentials from the identity pool,
//! quit, restart onto the account. `#[ignore]`d (it needs tmux); under `--include-ignored` a
//! missing tmux is a failure.
#![cfg(all(feature = "tui", feature = "local"))]

use std::process::{Command, Output};
use std::time::{Duration, Instant};

const PASSWORD: &str = "Tmux-Passw0rd!";

/// A tmux server of our own (its own socket), killed on drop.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs")
    }
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        assert!(self.run(&args).status.success());
    }
    fn text(&self, s: &str) {
        assert!(
            self.run(&["send-keys", "-t", "e2e", "-l", s])
                .status
                .success()
        );
    }
    /// The newest tmux paste buffer: what the app set by OSC 52 (`set-clipboard on`).
    fn clipboard(&self) -> String {
        String::from_utf8_lossy(&self.run(&["show-buffer"]).stdout).into_owned()
    }
    fn capture(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "e2e"]).stdout).into_owned()
    }
    /// Polls the screen until it shows every one of `wanted`, or fails after a bounded wait.
    fn wait_for(&self, wanted: &[&str]) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let screen = self.capture();
            assert!(
                !screen.contains(PASSWORD),
                "the password is on screen:\n{screen}"
            );
            if wanted.iter().all(|w| screen.contains(w)) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "waited for {wanted:?}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
#[ignore = "needs tmux: apt-get install tmux"]
fn local_sign_up_confirm_sign_in_sign_out_quit() {
    assert!(
        tmux_available(),
        "this test drives the TUI in tmux, which is not installed (apt-get install tmux)"
    );
    let home = tempfile::tempdir().unwrap();
    let h = home.path().display().to_string();
    let tmux = Tmux {
        socket: format!("cogtui-e2e-{}", std::process::id()),
    };
    let started = tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "100",
        "-y",
        "30",
        "sh",
    ]);
    assert!(started.status.success(), "{started:?}");
    // A clean home: config, data and sessions (in a file, never the real keyring) live there.
    tmux.text(&format!(
        "unset COGTUI_PROFILE; export HOME='{h}' XDG_CONFIG_HOME='{h}/xdg-config' \
         XDG_DATA_HOME='{h}/xdg-data' COGTUI_CONFIG='{h}/config.toml' COGTUI_DATA_DIR='{h}/data' \
         PS1='$ '; clear"
    ));
    tmux.keys(&["Enter"]);
    tmux.text(&format!(
        "'{}' --local --session-store file; echo EXIT:$?",
        env!("CARGO_BIN_EXE_cogtui")
    ));
    tmux.keys(&["Enter"]);

    tmux.wait_for(&["Sign in", "Username", "local"]);
    tmux.keys(&["C-n"]);
    tmux.wait_for(&["Create an account", "Password policy"]);
    tmux.text("tess");
    tmux.keys(&["Enter"]);
    tmux.text("tess@example.com");
    tmux.keys(&["Enter"]);
    tmux.text(PASSWORD);
    tmux.keys(&["Tab"]);
    tmux.text(PASSWORD);
    tmux.wait_for(&["✓ matches"]);
    tmux.keys(&["Enter"]);

    tmux.wait_for(&["Confirm your account", "outbox"]);
    tmux.keys(&["C-f"]);
    tmux.wait_for(&["Code filled in"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Account confirmed"]);

    tmux.text(PASSWORD);
    tmux.keys(&["Enter"]);
    let home_screen = tmux.wait_for(&[
        "Signed in as",
        "tess@example.com",
        "expires in",
        "email_verified",
    ]);
    assert!(
        !home_screen.contains("eyJ"),
        "a token is on screen:\n{home_screen}"
    );
    // The seeded pool remembers a device on the user's word: it asks; y remembers it.
    tmux.wait_for(&["Remember this device", "cogtui on "]);
    tmux.keys(&["y"]);
    tmux.wait_for(&["This device is remembered"]);

    tmux.keys(&["o"]);
    tmux.wait_for(&["Sign out of this session?"]);
    tmux.keys(&["y"]);
    tmux.wait_for(&["Signed out"]);

    tmux.keys(&["C-c"]);
    tmux.wait_for(&["EXIT:0"]);
    // The terminal is back to normal: the shell reads and echoes a command.
    tmux.text("echo READY-$((6*7))");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["READY-42"]);
    let config = std::fs::read_to_string(home.path().join("config.toml")).unwrap();
    assert!(config.contains("[profiles.local]"));
    assert!(home.path().join("data/local/pool.sqlite3").exists());
}

/// A tmux server with a shell whose HOME, config and data are in `home`; `cogtui` is typed
/// with `args` by `launch`.
fn shell_in(home: &std::path::Path, name: &str, w: u16, h: u16) -> Tmux {
    let tmux = Tmux {
        socket: format!("cogtui-{name}-{}", std::process::id()),
    };
    let (w, h) = (w.to_string(), h.to_string());
    let started = tmux.run(&["new-session", "-d", "-s", "e2e", "-x", &w, "-y", &h, "sh"]);
    assert!(started.status.success(), "{started:?}");
    // OSC 52 from the app becomes a tmux buffer the test can read.
    assert!(
        tmux.run(&["set-option", "-g", "set-clipboard", "on"])
            .status
            .success()
    );
    let h = home.display();
    tmux.text(&format!(
        "unset COGTUI_PROFILE AWS_SHARED_CREDENTIALS_FILE; export HOME='{h}' \
         XDG_CONFIG_HOME='{h}/xdg-config' XDG_DATA_HOME='{h}/xdg-data' \
         COGTUI_CONFIG='{h}/config.toml' COGTUI_DATA_DIR='{h}/data' PS1='$ '; clear"
    ));
    tmux.keys(&["Enter"]);
    tmux
}

fn launch(tmux: &Tmux) {
    tmux.text(&format!(
        "clear; '{}' --local --session-store file; echo EXIT:$?",
        env!("CARGO_BIN_EXE_cogtui")
    ));
    tmux.keys(&["Enter"]);
}

/// Signs up `user` from the sign-in screen and lands on the code screen.
fn sign_up(tmux: &Tmux, user: &str) {
    tmux.keys(&["C-n"]);
    tmux.wait_for(&["Create an account", "Password policy"]);
    tmux.text(user);
    tmux.keys(&["Enter"]);
    tmux.text(&format!("{user}@example.com"));
    tmux.keys(&["Enter"]);
    tmux.text(PASSWORD);
    tmux.keys(&["Tab"]);
    tmux.text(PASSWORD);
    tmux.wait_for(&["✓ matches"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Confirm your account", "outbox"]);
}

#[test]
#[ignore = "needs tmux: apt-get install tmux"]
fn a_newcomer_walks_from_sign_up_to_two_users_and_back() {
    assert!(
        tmux_available(),
        "this test drives the TUI in tmux, which is not installed (apt-get install tmux)"
    );
    let home = tempfile::tempdir().unwrap();
    let tmux = shell_in(home.path(), "walk", 80, 24);
    launch(&tmux);
    tmux.wait_for(&["Sign in", "Username", "local", "F1 help", "Ctrl-C quit"]);

    // Sign up, then leave the code screen before confirming.
    sign_up(&tmux, "tess");
    tmux.keys(&["Escape"]);
    tmux.wait_for(&["Sign in", "New here?"]);

    // Sign in unconfirmed: the code screen comes back for that user.
    tmux.text("tess");
    tmux.keys(&["Enter"]);
    tmux.text(PASSWORD);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Confirm your account", "not confirmed yet"]);

    // A new code, filled from the outbox (the newest one), confirms the account.
    tmux.keys(&["C-r"]);
    tmux.wait_for(&["Code sent to the local pool's outbox"]);
    tmux.keys(&["C-f"]);
    tmux.wait_for(&["Code filled in"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Account confirmed"]);

    tmux.text(PASSWORD);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Signed in as", "tess@example.com", "expires in"]);
    tmux.wait_for(&["Remember this device"]);
    tmux.keys(&["n"]);

    // The ID token reaches the clipboard, and only there.
    tmux.keys(&["y"]);
    let shown = tmux.wait_for(&["ID token copied"]);
    assert!(!shown.contains("eyJ"), "a token is on screen:\n{shown}");
    let copied = tmux.clipboard();
    assert!(
        copied.starts_with("eyJ") && copied.split('.').count() == 3,
        "{copied:?}"
    );

    // A second user signs up and in from the account screen.
    tmux.keys(&["a"]);
    tmux.wait_for(&["Sign in", "New here?"]);
    sign_up(&tmux, "uma");
    tmux.keys(&["C-f"]);
    tmux.wait_for(&["Code filled in"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Account confirmed"]);
    tmux.text(PASSWORD);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Signed in as", "uma@example.com"]);
    tmux.wait_for(&["Remember this device"]);
    tmux.keys(&["n"]);

    // Switch back to the first.
    tmux.keys(&["u"]);
    tmux.wait_for(&["Signed-in users", "tess", "uma", "current"]);
    let users = tmux.capture();
    let tess_row = users.lines().position(|l| l.contains("tess")).unwrap();
    let uma_row = users.lines().position(|l| l.contains("uma")).unwrap();
    tmux.keys(&[if tess_row < uma_row { "Up" } else { "Down" }]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Now acting as tess", "tess@example.com"]);

    // AWS credentials from the identity pool: shown, copied, written, and the process line.
    tmux.keys(&["i"]);
    let creds = tmux.wait_for(&[
        "AWS credentials",
        "Identity",
        "us-east-1:",
        "they expire in",
    ]);
    assert!(!creds.contains("aws_secret_access_key"), "{creds}");
    tmux.keys(&["y"]);
    tmux.wait_for(&["Export lines copied"]);
    let lines = tmux.clipboard();
    assert!(
        lines.contains("export AWS_ACCESS_KEY_ID=") && lines.contains("AWS_SESSION_TOKEN="),
        "{lines:?}"
    );
    tmux.keys(&["p"]);
    tmux.wait_for(&["[profile cogtui-local]", "credential_process ="]);
    tmux.keys(&["c"]);
    tmux.wait_for(&["credential_process lines are on the clipboard"]);
    let pasted = tmux.clipboard();
    let command = pasted
        .lines()
        .find_map(|l| l.strip_prefix("credential_process = "))
        .unwrap_or_else(|| panic!("{pasted:?}"));
    assert!(command.ends_with("creds process --profile local --session-store file"));
    // The line works as AWS's tools would run it: the same key, as credential_process JSON.
    let key_id = lines
        .lines()
        .find_map(|l| l.strip_prefix("export AWS_ACCESS_KEY_ID="))
        .unwrap()
        .trim_matches('\'');
    let h = home.path();
    let out = Command::new("sh")
        .args(["-c", command])
        .env("HOME", h)
        .env("XDG_CONFIG_HOME", h.join("xdg-config"))
        .env("XDG_DATA_HOME", h.join("xdg-data"))
        .env("COGTUI_CONFIG", h.join("config.toml"))
        .env("COGTUI_DATA_DIR", h.join("data"))
        .env_remove("COGTUI_PROFILE")
        .output()
        .unwrap();
    let answer = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{answer} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        answer.contains("\"Version\":1") && answer.contains(key_id),
        "{answer}"
    );
    tmux.keys(&["w"]);
    tmux.wait_for(&["AWS profile name", "cogtui-local"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Wrote [cogtui-local]"]);
    let file = home.path().join(".aws/credentials");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("[cogtui-local]") && text.contains("aws_session_token"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    tmux.keys(&["Escape"]);
    tmux.wait_for(&["Signed in as", "tess@example.com"]);

    // Quit, start again: the account of the user acted as last.
    tmux.keys(&["q"]);
    tmux.wait_for(&["EXIT:0"]);
    launch(&tmux);
    tmux.wait_for(&["Signed in as", "tess@example.com", "expires in"]);
    tmux.keys(&["C-c"]);
    tmux.wait_for(&["EXIT:0"]);
}

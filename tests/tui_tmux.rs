//! End to end: the real binary in a real terminal (tmux). `cogtui --local` starts, a person
//! signs up, confirms with the code from the outbox, signs in, sees the account, signs out and
//! quits; the shell prompt works afterwards. `#[ignore]`d (it needs tmux); under
//! `--include-ignored` a missing tmux is a failure.
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

//! The interactive face: sign-up, sign-in and the account, as an app of screens that own
//! their state, one `Action` enum and an `update` that returns effects. A worker task runs the effects (the
//! network, the session store) and answers with actions; an event task reads the terminal; the
//! screen is redrawn only when something changed.

pub mod action;
pub mod admin_calls;
pub mod app;
pub mod call;
pub mod clipboard;
pub mod creds_calls;
pub mod effect;
pub mod event;
pub mod forms;
pub mod headless;
pub mod keys;
pub mod policy;
pub mod screens;
pub mod session_view;
pub mod shared;
pub mod strings;
pub mod terminal;
pub mod text;
pub mod theme;
pub mod ui;
pub mod widgets;
pub mod worker;

use crate::config::{Config, StoreKind};
use anyhow::Context;
use app::App;
use std::path::PathBuf;
use std::time::Instant;
use theme::Theme;
use tokio::sync::mpsc::unbounded_channel;

/// What the command line passes to the TUI.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Start the local pool in this process and open the `local` profile (`cogtui --local`).
    pub local: bool,
    /// The profile to open [default: the config's].
    pub profile: Option<String>,
    /// Where sessions are kept [default: the profile's setting, else the keyring].
    pub session_store: Option<StoreKind>,
    /// The config file [default: `Config::default_path()`].
    pub config_path: Option<PathBuf>,
    /// `--theme NAME` [default: the config's `theme`, else `default`].
    pub theme: Option<String>,
    /// The data dir [default: `COGTUI_DATA_DIR`, else the platform data dir].
    pub data_dir: Option<PathBuf>,
}

fn data_dir(opt: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    opt.or_else(crate::session::data_dir)
        .context("no home directory found for the data dir; set COGTUI_DATA_DIR")
}

/// Runs the TUI until the person quits.
pub async fn run(opts: RunOptions) -> anyhow::Result<()> {
    let started = Instant::now();
    let config_path = match opts.config_path.clone() {
        Some(p) => p,
        None => Config::default_path()?,
    };
    let config = Config::load(&config_path)?;
    let theme_dir = config_path.parent().map(|d| d.join("themes"));
    let mut theme = Theme::resolve(
        opts.theme.as_deref().or(config.theme.as_deref()),
        theme_dir.as_deref(),
    )?;
    if Theme::no_color_requested() {
        theme = theme.without_color();
    }
    // The profile to open: the one named, else the config's choice; none means the picker.
    let chosen = if opts.local {
        None
    } else {
        match (&opts.profile, config.resolve(opts.profile.as_deref())) {
            (_, Ok(p)) => Some(p),
            (Some(_), Err(e)) => return Err(e.into()),
            (None, Err(_)) => None,
        }
    };
    let data_dir = data_dir(opts.data_dir.clone())?;
    let profiles: Vec<_> = config.profiles.values().cloned().collect();

    let (tx, mut rx) = unbounded_channel();
    let (effects, worker) = worker::spawn(
        worker::WorkerConfig {
            stores: worker::Stores::PerProfile {
                store_override: opts.session_store,
            },
            data_dir: data_dir.clone(),
            local_data_dir: data_dir.join("local"),
            config_path: Some(config_path),
            clipboard: std::sync::Arc::new(clipboard::Osc52),
            aws_credentials_file: None,
        },
        tx.clone(),
    );
    let mut app = App::new(theme, profiles);
    let mut term = terminal::setup().context("cannot set up the terminal")?;
    let _restore = RestoreOnDrop;
    let events = event::spawn(tx);
    for e in app.start(opts.local, chosen.as_ref().map(|p| p.name.as_str())) {
        let _ = effects.send(e);
    }
    term.draw(|f| f.render_widget(&app, f.area()))?;
    app.dirty = false;
    tracing::info!(ms = started.elapsed().as_millis() as u64, "first frame");

    while let Some(action) = rx.recv().await {
        // The in-process local pool prints the codes it "sends" on stderr, which lands on this
        // screen: after a call the screen is repainted whole rather than by difference.
        let mut repaint = app.shared.local_running && action.is_result();
        for e in app.update(action) {
            let _ = effects.send(e);
        }
        // Take whatever else is queued before drawing once.
        while let Ok(action) = rx.try_recv() {
            repaint |= app.shared.local_running && action.is_result();
            for e in app.update(action) {
                let _ = effects.send(e);
            }
        }
        if app.quit {
            break;
        }
        if repaint {
            terminal::clear(&mut term)?;
            app.dirty = true;
        }
        if app.dirty {
            term.draw(|f| f.render_widget(&app, f.area()))?;
            app.dirty = false;
        }
    }
    events.abort();
    drop(effects);
    // The worker stops the local pool, if it runs one, before returning.
    let _ = worker.await;
    Ok(())
}

/// Restores the terminal however `run` ends (an error included).
struct RestoreOnDrop;

impl Drop for RestoreOnDrop {
    fn drop(&mut self) {
        terminal::restore();
    }
}

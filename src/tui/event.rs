//! The event task: crossterm's `EventStream` and a tick, turned into `Action`s on one channel.

use super::action::Action;
use crossterm::event::{Event, EventStream, KeyEventKind, MouseButton, MouseEventKind};
use futures_util::StreamExt;
use std::time::Duration;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

/// How often the clock ticks: the spinner's frame rate and the countdown's resolution.
pub const TICK: Duration = Duration::from_millis(125);

pub fn spawn(tx: UnboundedSender<Action>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut events = EventStream::new();
        let mut tick = tokio::time::interval(TICK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            let action = tokio::select! {
                _ = tick.tick() => Some(Action::Tick),
                ev = events.next() => match ev {
                    Some(Ok(ev)) => from_event(ev),
                    // The terminal is gone: nothing more will come.
                    Some(Err(_)) | None => break,
                },
            };
            if let Some(a) = action
                && tx.send(a).is_err()
            {
                break;
            }
        }
    })
}

fn from_event(ev: Event) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => Some(Action::Key(k)),
        Event::Paste(s) => Some(Action::Paste(s)),
        Event::Resize(..) => Some(Action::Resize),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                x: m.column,
                y: m.row,
            }),
            MouseEventKind::ScrollUp => Some(Action::Wheel(-1)),
            MouseEventKind::ScrollDown => Some(Action::Wheel(1)),
            _ => None,
        },
        _ => None,
    }
}

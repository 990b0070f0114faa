//! Call ids: every call the app asks of the worker gets one, its result carries it back, and
//! only the result of the call in flight is taken; one that was cancelled or superseded is
//! recognised by its id and dropped.

use super::screens::ScreenId;

/// Names one call; results carry it back (`Action::Done`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CallId(pub u64);

/// The call in flight: its id, what the status bar says while it runs, the screen it answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pending {
    pub id: CallId,
    pub label: &'static str,
    pub from: ScreenId,
}

/// At most one call is in flight; starting another supersedes it.
#[derive(Debug, Default)]
pub struct InFlight {
    last: u64,
    pending: Option<Pending>,
}

impl InFlight {
    /// A new call: it replaces (supersedes) any call still in flight.
    pub fn start(&mut self, label: &'static str, from: ScreenId) -> CallId {
        self.last += 1;
        let id = CallId(self.last);
        self.pending = Some(Pending { id, label, from });
        id
    }

    pub fn pending(&self) -> Option<&Pending> {
        self.pending.as_ref()
    }

    /// The call `id` answered: `Some` if it is the call in flight, `None` if it is stale.
    pub fn finish(&mut self, id: CallId) -> Option<Pending> {
        match self.pending {
            Some(p) if p.id == id => self.pending.take(),
            _ => None,
        }
    }

    /// Forgets the call in flight (Esc); its answer, if one comes, is then stale.
    pub fn cancel(&mut self) -> Option<CallId> {
        self.pending.take().map(|p| p.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_call_in_flight_is_answered() {
        let mut calls = InFlight::default();
        let first = calls.start("one", ScreenId::SignIn);
        let second = calls.start("two", ScreenId::SignIn);
        assert_ne!(first, second);
        assert_eq!(calls.finish(first), None, "superseded");
        assert_eq!(calls.finish(second).map(|p| p.label), Some("two"));
        assert_eq!(calls.finish(second), None, "answered once");
        let third = calls.start("three", ScreenId::Home);
        assert_eq!(calls.cancel(), Some(third));
        assert_eq!(calls.finish(third), None, "cancelled");
    }
}

//! What the UI knows of a signed-in session: the core's [`UserView`](crate::auth::UserView).

pub use crate::auth::UserView as SessionView;

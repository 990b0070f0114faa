//! The screens. Each is a module holding its own state, keys, help, update and render behind
//! the `Screen` trait; the app keeps one of each. Adding a screen is its file and one line in
//! the list below.

pub mod help;
pub mod password_form;
pub mod screen;

pub use screen::{Arrival, Ctx, Screen};

/// Declares every screen once: its module, its `ScreenId` and its type.
macro_rules! screens {
    ($($id:ident => $module:ident::$ty:ident,)*) => {
        $(pub mod $module;)*

        /// Names a screen.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ScreenId {
            $($id,)*
        }

        impl ScreenId {
            /// Every screen, in the order `all` builds them.
            pub const ALL: &[ScreenId] = &[$(ScreenId::$id,)*];
        }

        /// One of each screen, fresh, indexed by `ScreenId as usize`.
        pub fn all() -> Vec<Box<dyn Screen>> {
            vec![$(Box::new(<$module::$ty>::default()),)*]
        }
    };
}

screens! {
    Profiles => profiles::Profiles,
    AddProfile => add_profile::AddProfile,
    SignIn => signin::SignIn,
    SignUp => signup::SignUp,
    Confirm => confirm::Confirm,
    Challenge => challenge::ChallengeScreen,
    Home => home::Home,
    ChangePassword => change_password::ChangePassword,
    MfaSetup => mfa_setup::MfaSetup,
    ForgotPassword => forgot_password::ForgotPassword,
    Claims => claims::Claims,
    Users => users::Users,
    Devices => devices::Devices,
    Creds => creds::Credentials,
    AdminUsers => admin_users::AdminUsers,
    AdminUser => admin_user::AdminUser,
}

//! The operations of the local pool, one file per group, and the JSON dispatch to them.

pub mod account;
pub mod admin;
pub mod admin_users;
pub mod auth;
pub mod common;
pub mod custom_auth;
pub mod devices;
pub mod identity_providers;
pub mod list_filter;
pub mod mfa;
pub mod migration;
pub mod oauth_settings;
pub mod password;
pub mod policy;
pub mod pool_update;
pub mod signup;
pub mod tokens;
pub mod validity;

use super::error::{ApiError, ApiResult};
use super::state::State;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Control-plane operations: these need SigV4 with the local admin key.
const SIGNED: &[&str] = &[
    "CreateUserPool",
    "CreateUserPoolClient",
    "DescribeUserPool",
    "DescribeUserPoolClient",
    "UpdateUserPool",
    "UpdateUserPoolClient",
    "ListUsers",
    "SetUserPoolMfaConfig",
    "GetUserPoolMfaConfig",
    "CreateIdentityProvider",
    "DescribeIdentityProvider",
    "ListIdentityProviders",
    "UpdateIdentityProvider",
    "DeleteIdentityProvider",
];

pub fn needs_sigv4(op: &str) -> bool {
    op.starts_with("Admin") || SIGNED.contains(&op)
}

impl State {
    /// Runs one user-pool operation on a JSON body, as `POST /` does once the request has
    /// passed its HTTP checks (target, SigV4 for the control plane, Content-Type). For
    /// in-process callers that skip the network and the signing: benchmarks and the fuzz
    /// harness (`tests/fuzz_wire.rs`).
    pub fn call(&self, op: &str, body: &[u8]) -> ApiResult<String> {
        dispatch(self, op, body)
    }
}

/// Runs one operation on a JSON body and returns the JSON answer.
pub fn dispatch(st: &State, op: &str, body: &[u8]) -> ApiResult<String> {
    match op {
        "SignUp" => run(st, body, signup::sign_up),
        "ConfirmSignUp" => run(st, body, signup::confirm_sign_up),
        "ResendConfirmationCode" => run(st, body, signup::resend_confirmation_code),
        "InitiateAuth" => run(st, body, auth::initiate_auth),
        "RespondToAuthChallenge" => run(st, body, auth::respond_to_auth_challenge),
        "GetUser" => run(st, body, account::get_user),
        "UpdateUserAttributes" => run(st, body, account::update_user_attributes),
        "GetUserAttributeVerificationCode" => {
            run(st, body, account::get_user_attribute_verification_code)
        }
        "VerifyUserAttribute" => run(st, body, account::verify_user_attribute),
        "ChangePassword" => run(st, body, account::change_password),
        "GlobalSignOut" => run(st, body, account::global_sign_out),
        "RevokeToken" => run(st, body, account::revoke_token),
        "AssociateSoftwareToken" => run(st, body, mfa::associate_software_token),
        "VerifySoftwareToken" => run(st, body, mfa::verify_software_token),
        "SetUserMFAPreference" => run(st, body, mfa::set_user_mfa_preference),
        "AdminSetUserMFAPreference" => run(st, body, mfa::admin_set_user_mfa_preference),
        "SetUserPoolMfaConfig" => run(st, body, mfa::set_user_pool_mfa_config),
        "GetUserPoolMfaConfig" => run(st, body, mfa::get_user_pool_mfa_config),
        "ConfirmDevice" => run(st, body, devices::confirm_device),
        "ListDevices" => run(st, body, devices::list_devices),
        "GetDevice" => run(st, body, devices::get_device),
        "UpdateDeviceStatus" => run(st, body, devices::update_device_status),
        "ForgetDevice" => run(st, body, devices::forget_device),
        "AdminListDevices" => run(st, body, devices::admin_list_devices),
        "AdminGetDevice" => run(st, body, devices::admin_get_device),
        "AdminForgetDevice" => run(st, body, devices::admin_forget_device),
        "AdminUpdateDeviceStatus" => run(st, body, devices::admin_update_device_status),
        "ForgotPassword" => run(st, body, password::forgot_password),
        "ConfirmForgotPassword" => run(st, body, password::confirm_forgot_password),
        "CreateUserPool" => run(st, body, admin::create_user_pool),
        "CreateUserPoolClient" => run(st, body, admin::create_user_pool_client),
        "DescribeUserPool" => run(st, body, admin::describe_user_pool),
        "DescribeUserPoolClient" => run(st, body, admin::describe_user_pool_client),
        "UpdateUserPool" => run(st, body, pool_update::update_user_pool),
        "UpdateUserPoolClient" => run(st, body, pool_update::update_user_pool_client),
        "AdminCreateUser" => run(st, body, admin::admin_create_user),
        "CreateIdentityProvider" => run(st, body, identity_providers::create_identity_provider),
        "DescribeIdentityProvider" => run(st, body, identity_providers::describe_identity_provider),
        "ListIdentityProviders" => run(st, body, identity_providers::list_identity_providers),
        "UpdateIdentityProvider" => run(st, body, identity_providers::update_identity_provider),
        "DeleteIdentityProvider" => run(st, body, identity_providers::delete_identity_provider),
        "AdminGetUser" => run(st, body, admin::admin_get_user),
        "ListUsers" => run(st, body, admin::list_users),
        "AdminConfirmSignUp" => run(st, body, admin::admin_confirm_sign_up),
        "AdminDeleteUser" => run(st, body, admin::admin_delete_user),
        "AdminSetUserPassword" => run(st, body, admin::admin_set_user_password),
        "AdminUserGlobalSignOut" => run(st, body, admin_users::admin_user_global_sign_out),
        "AdminResetUserPassword" => run(st, body, admin_users::admin_reset_user_password),
        "AdminDisableUser" => run(st, body, admin_users::admin_disable_user),
        "AdminEnableUser" => run(st, body, admin_users::admin_enable_user),
        // The name is not quoted: it is whatever the caller sent.
        _ => Err(ApiError::new(
            "UnknownOperationException",
            "The operation is not supported by the cogtui local pool; docs/local-pool.md \
             lists what is",
        )),
    }
}

pub(in crate::local) fn run<Req: DeserializeOwned, Resp: Serialize>(
    st: &State,
    body: &[u8],
    f: fn(&State, Req) -> ApiResult<Resp>,
) -> ApiResult<String> {
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}".as_slice()
    } else {
        body
    };
    // Decoded once as plain JSON to check the field limits before anything else runs.
    let value: serde_json::Value = serde_json::from_slice(body).map_err(parse_error)?;
    // serde would fill a struct from a list by position (`["id"]` as `{"UserPoolId": "id"}`);
    // Cognito takes only an object.
    if !value.is_object() {
        return Err(ApiError::new(
            "SerializationException",
            "The request body must be a JSON object.",
        ));
    }
    super::limits::check(&value)?;
    let req: Req = serde_json::from_value(value).map_err(parse_error)?;
    let resp = f(st, req)?;
    serde_json::to_string(&resp)
        .map_err(|e| ApiError::internal(format!("cannot encode the answer: {e}")))
}

/// Missing fields are a validation error, as Cognito says it; anything else that does not
/// parse is a SerializationException. The message never quotes the body (it may hold secrets).
fn parse_error(e: serde_json::Error) -> ApiError {
    let text = e.to_string();
    if let Some(rest) = text.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or_default();
        return ApiError::invalid_parameter(format!(
            "1 validation error detected: Value null at '{field}' failed to satisfy \
             constraint: Member must not be null"
        ));
    }
    let what = match e.classify() {
        serde_json::error::Category::Data => {
            "a field has the wrong type (strings, lists and maps as the API reference gives)"
        }
        _ => "the body is not valid JSON",
    };
    ApiError::new(
        "SerializationException",
        format!(
            "Cannot parse the request at line {} column {}: {what}.",
            e.line(),
            e.column()
        ),
    )
}

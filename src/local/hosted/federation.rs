//! Federation without the internet: `/_local/idp` plays the identity provider a sign-in named
//! (`identity_provider=Google`, an OIDC provider, …). A tester picks or types an identity; the
//! pool then does what it does with an answer from the real provider: finds or creates the
//! linked user `<Provider>_<sub>` (status EXTERNAL_PROVIDER) with the provider's
//! AttributeMapping applied, and sends the app its code.

use super::authorize::refusal;
use super::form::{QueryResult, blocking};
use super::login::issue_code;
use super::page;
use super::request::{AuthorizeQuery, Checked, check};
use crate::cognito::types::IdentityProviderType;
use crate::local::challenge::DeviceLink;
use crate::local::error::{ApiError, ApiResult};
use crate::local::model::User;
use crate::local::ops::common::new_password;
use crate::local::ops::tokens;
use crate::local::state::State;
use crate::local::store::UserPatch;
use axum::extract::{Form, Query, State as AxState};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The identity the page suggests.
pub const SUGGESTED_EMAIL: &str = "alice@gmail.example";

/// The checked request and its provider, or the page that refuses it (boxed: a response is
/// large and the success is the common case).
fn provider_of(
    st: &State,
    q: &AuthorizeQuery,
) -> Result<(Checked, IdentityProviderType), Box<Response>> {
    let checked = check(st, q).map_err(|r| Box::new(refusal(r)))?;
    match checked.provider.clone() {
        Some(p) => Ok((checked, p)),
        None => Err(Box::new(page::error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "identity_provider is required here",
        ))),
    }
}

pub async fn show(AxState(st): AxState<Arc<State>>, q: QueryResult) -> Response {
    let Ok(Query(q)) = q else {
        return page::error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "the query does not parse",
        );
    };
    match provider_of(&st, &q) {
        Ok((_, p)) => page::identity_provider(
            &q.encoded(),
            p.provider_name.as_deref().unwrap_or_default(),
            p.provider_type.as_deref().unwrap_or_default(),
            SUGGESTED_EMAIL,
            None,
        ),
        Err(r) => *r,
    }
}

/// The identity the tester picked or typed.
#[derive(Deserialize)]
pub struct IdentityForm {
    email: Option<String>,
    name: Option<String>,
}

pub async fn submit(
    AxState(st): AxState<Arc<State>>,
    q: QueryResult,
    form: Result<Form<IdentityForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let (Ok(Query(q)), Ok(Form(form))) = (q, form) else {
        return page::error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "the form does not parse",
        );
    };
    blocking(&st, move |st| answer(st, &q, form)).await
}

fn answer(st: &State, q: &AuthorizeQuery, form: IdentityForm) -> Response {
    let (checked, provider) = match provider_of(st, q) {
        Ok(x) => x,
        Err(r) => return *r,
    };
    let name = provider.provider_name.clone().unwrap_or_default();
    let kind = provider.provider_type.clone().unwrap_or_default();
    let email = form.email.unwrap_or_default().trim().to_owned();
    if email.is_empty() || email.len() > 256 || !email.contains('@') {
        let why = "Enter an email address for the identity.";
        return page::identity_provider(&q.encoded(), &name, &kind, &email, Some(why));
    }
    let display = form
        .name
        .unwrap_or_default()
        .trim()
        .chars()
        .take(256)
        .collect::<String>();
    let result = linked_user(st, &checked, &provider, &email, &display).and_then(|user| {
        let tokens = tokens::with_source(tokens::SESSION_ONLY, || {
            tokens::issue(st, &checked.pool, &checked.client, &user, &DeviceLink::None)
        })?;
        issue_code(st, &checked, tokens)
    });
    match result {
        Ok(to) => Redirect::to(&to).into_response(),
        Err(e) => page::error(StatusCode::BAD_REQUEST, e.kind, &e.message),
    }
}

/// The provider's subject for an email: stable, and shaped like Google's (21 digits).
fn subject(provider: &str, email: &str) -> String {
    let digest = Sha256::digest(format!("{provider}\n{}", email.to_lowercase()).as_bytes());
    let mut out = String::from("1");
    for b in digest.iter().take(20) {
        out.push(char::from(b'0' + b % 10));
    }
    out
}

/// The pool's user for this identity, created on its first sign-in. Mapped attributes are
/// written each time, as Cognito does.
fn linked_user(
    st: &State,
    c: &Checked,
    p: &IdentityProviderType,
    email: &str,
    display: &str,
) -> ApiResult<User> {
    let provider = p.provider_name.clone().unwrap_or_default();
    let sub = subject(&provider, email);
    let mut claims = BTreeMap::from([
        ("sub".to_owned(), sub.clone()),
        ("email".to_owned(), email.to_owned()),
        ("email_verified".to_owned(), "true".to_owned()),
    ]);
    if !display.is_empty() {
        claims.insert("name".to_owned(), display.to_owned());
    }
    let mapping = p
        .attribute_mapping
        .clone()
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| BTreeMap::from([("email".to_owned(), "email".to_owned())]));
    let pool_id = c.pool.config.id.clone().unwrap_or_default();
    let username = format!("{provider}_{sub}");
    let now = st.clock.now_f64();
    let identities = serde_json::json!([{
        "userId": sub,
        "providerName": provider,
        "providerType": p.provider_type,
        "issuer": null,
        "primary": true,
        "dateCreated": (now * 1000.0) as i64,
    }])
    .to_string();
    st.store.write(|db| {
        let existing = db.get_user(&pool_id, &username)?;
        let known = existing.is_some();
        let mut user = match existing {
            Some(u) => u,
            None => {
                // No password can sign this user in through the API: a random one, never kept.
                let random = crate::local::jwt::random_token(32);
                let (salt_hex, verifier_hex) = new_password(&pool_id, &username, &random);
                User {
                    pool_id: pool_id.clone(),
                    username: username.clone(),
                    sub: uuid::Uuid::new_v4().to_string(),
                    status: "EXTERNAL_PROVIDER".to_owned(),
                    enabled: true,
                    attributes: BTreeMap::from([("identities".to_owned(), identities.clone())]),
                    salt_hex,
                    verifier_hex,
                    created: now,
                    modified: now,
                    failed_attempts: 0,
                    locked_until: 0,
                }
            }
        };
        if !user.enabled {
            return Err(ApiError::not_authorized("User is disabled."));
        }
        // `username` maps to the subject, which the username already carries.
        for (pool_attr, idp_attr) in mapping.iter().filter(|(k, _)| *k != "username") {
            if let Some(v) = claims.get(idp_attr) {
                user.attributes.insert(pool_attr.clone(), v.clone());
            }
        }
        if known {
            let patch = UserPatch {
                attributes: Some(&user.attributes),
                ..Default::default()
            };
            db.patch_user(&pool_id, &username, &patch)?;
        } else if !db.insert_user(&user)? {
            return Err(ApiError::internal("the linked user appeared twice"));
        }
        Ok(user)
    })
}

#[cfg(test)]
mod tests {
    use super::subject;

    #[test]
    fn the_subject_is_stable_and_shaped_like_googles() {
        let a = subject("Google", "Alice@gmail.example");
        assert_eq!(a, subject("Google", "alice@gmail.example"));
        assert_eq!(a.len(), 21);
        assert!(a.bytes().all(|b| b.is_ascii_digit()));
        assert_ne!(a, subject("Other", "alice@gmail.example"));
    }
}

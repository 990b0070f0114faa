//! A pool's identity providers on the SigV4 control plane: CreateIdentityProvider,
//! DescribeIdentityProvider, ListIdentityProviders, UpdateIdentityProvider and
//! DeleteIdentityProvider. On the local pool every provider is played by its local identity
//! page (`/_local/idp`), so federation runs with no internet.

use super::super::error::{ApiError, ApiResult};
use super::super::state::State;
use crate::cognito::types::{
    CreateIdentityProviderRequest, Empty, IdentityProviderRequest, IdentityProviderResponse,
    IdentityProviderType, ListIdentityProvidersRequest, ListIdentityProvidersResponse,
    ProviderDescription, UpdateIdentityProviderRequest,
};
use std::collections::BTreeMap;

const TYPES: &[&str] = &[
    "SAML",
    "Facebook",
    "Google",
    "LoginWithAmazon",
    "SignInWithApple",
    "OIDC",
];

/// The ProviderDetails each type needs, as Cognito asks for them.
fn required_details(provider_type: &str) -> &'static [&'static str] {
    match provider_type {
        "Google" | "Facebook" | "LoginWithAmazon" => {
            &["client_id", "client_secret", "authorize_scopes"]
        }
        "SignInWithApple" => &[
            "client_id",
            "team_id",
            "key_id",
            "private_key",
            "authorize_scopes",
        ],
        "OIDC" => &[
            "client_id",
            "attributes_request_method",
            "oidc_issuer",
            "authorize_scopes",
        ],
        _ => &[],
    }
}

fn check_name(name: &str) -> ApiResult<()> {
    let ok = (1..=32).contains(&name.chars().count())
        && !name.chars().any(char::is_control)
        && !name.eq_ignore_ascii_case("COGNITO");
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid_parameter(
            "ProviderName must be 1 to 32 characters and not COGNITO",
        ))
    }
}

fn check_details(provider_type: &str, details: &BTreeMap<String, String>) -> ApiResult<()> {
    for key in required_details(provider_type) {
        if details.get(*key).is_none_or(|v| v.is_empty()) {
            return Err(ApiError::invalid_parameter(format!(
                "ProviderDetails of a {provider_type} provider need {key}"
            )));
        }
    }
    Ok(())
}

fn not_found(name: &str) -> ApiError {
    ApiError::resource_not_found(format!("Identity provider {name} does not exist."))
}

pub fn create_identity_provider(
    st: &State,
    req: CreateIdentityProviderRequest,
) -> ApiResult<IdentityProviderResponse> {
    st.pool(&req.user_pool_id)?;
    check_name(&req.provider_name)?;
    if !TYPES.contains(&req.provider_type.as_str()) {
        return Err(ApiError::invalid_parameter(
            "1 validation error detected: Value at 'providerType' failed to satisfy \
             constraint: Member must satisfy enum value set: [SAML, Facebook, Google, \
             LoginWithAmazon, SignInWithApple, OIDC]",
        ));
    }
    check_details(&req.provider_type, &req.provider_details)?;
    let now = st.clock.now_f64();
    let provider = IdentityProviderType {
        user_pool_id: Some(req.user_pool_id.clone()),
        provider_name: Some(req.provider_name.clone()),
        provider_type: Some(req.provider_type),
        provider_details: Some(req.provider_details),
        attribute_mapping: Some(req.attribute_mapping.unwrap_or_default()),
        idp_identifiers: Some(req.idp_identifiers.unwrap_or_default()),
        last_modified_date: Some(now),
        creation_date: Some(now),
    };
    if !st.store.write(|db| db.insert_provider(&provider))? {
        return Err(ApiError::new(
            "DuplicateProviderException",
            format!(
                "A provider with the name {} already exists in this user pool.",
                req.provider_name
            ),
        ));
    }
    Ok(IdentityProviderResponse {
        identity_provider: provider,
    })
}

pub fn describe_identity_provider(
    st: &State,
    req: IdentityProviderRequest,
) -> ApiResult<IdentityProviderResponse> {
    st.pool(&req.user_pool_id)?;
    let provider = st
        .store
        .read(|db| db.get_provider(&req.user_pool_id, &req.provider_name))?
        .ok_or_else(|| not_found(&req.provider_name))?;
    Ok(IdentityProviderResponse {
        identity_provider: provider,
    })
}

pub fn list_identity_providers(
    st: &State,
    req: ListIdentityProvidersRequest,
) -> ApiResult<ListIdentityProvidersResponse> {
    st.pool(&req.user_pool_id)?;
    let list = st.store.read(|db| db.list_providers(&req.user_pool_id))?;
    Ok(ListIdentityProvidersResponse {
        providers: list
            .into_iter()
            .map(|p| ProviderDescription {
                provider_name: p.provider_name,
                provider_type: p.provider_type,
                last_modified_date: p.last_modified_date,
                creation_date: p.creation_date,
            })
            .collect(),
        next_token: None,
    })
}

pub fn update_identity_provider(
    st: &State,
    req: UpdateIdentityProviderRequest,
) -> ApiResult<IdentityProviderResponse> {
    st.pool(&req.user_pool_id)?;
    st.store.write(|db| {
        let mut p = db
            .get_provider(&req.user_pool_id, &req.provider_name)?
            .ok_or_else(|| not_found(&req.provider_name))?;
        if let Some(d) = req.provider_details.clone() {
            check_details(p.provider_type.as_deref().unwrap_or_default(), &d)?;
            p.provider_details = Some(d);
        }
        if let Some(m) = req.attribute_mapping.clone() {
            p.attribute_mapping = Some(m);
        }
        if let Some(i) = req.idp_identifiers.clone() {
            p.idp_identifiers = Some(i);
        }
        p.last_modified_date = Some(st.clock.now_f64());
        db.update_provider(&p)?;
        Ok(IdentityProviderResponse {
            identity_provider: p,
        })
    })
}

pub fn delete_identity_provider(st: &State, req: IdentityProviderRequest) -> ApiResult<Empty> {
    st.pool(&req.user_pool_id)?;
    if !st
        .store
        .write(|db| db.delete_provider(&req.user_pool_id, &req.provider_name))?
    {
        return Err(not_found(&req.provider_name));
    }
    Ok(Empty {})
}

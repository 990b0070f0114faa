//! Helpers for the credentials tests: SigV4-signed identity-pool calls and a local STS
//! GetCallerIdentity signed with any credentials.
#![allow(dead_code)]

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use serde_json::Value;
use std::time::SystemTime;

/// An AWS key pair, with a session token for temporary credentials.
#[derive(Clone)]
pub struct Keys {
    pub id: String,
    pub secret: String,
    pub token: Option<String>,
}

/// Sends `body` to `endpoint` signed for `service` with `keys`; (status, body text).
pub async fn signed(
    endpoint: &str,
    region: &str,
    service: &str,
    headers: &[(&str, &str)],
    body: &str,
    keys: &Keys,
) -> (u16, String) {
    let url = format!("{}/", endpoint.trim_end_matches('/'));
    let host = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let mut all: Vec<(&str, &str)> = headers.to_vec();
    all.push(("host", host.as_str()));
    let identity: Identity =
        Credentials::new(&keys.id, &keys.secret, keys.token.clone(), None, "test").into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(SystemTime::now())
        .settings(SigningSettings::default())
        .build()
        .expect("params")
        .into();
    let signable = SignableRequest::new(
        "POST",
        url.as_str(),
        all.iter().copied(),
        SignableBody::Bytes(body.as_bytes()),
    )
    .expect("signable");
    let (instructions, _) = sign(signable, &params).expect("sign").into_parts();
    let mut req = reqwest::Client::new().post(&url).body(body.to_owned());
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    for (k, v) in instructions.headers() {
        req = req.header(k, v);
    }
    let resp = req.send().await.expect("send");
    let status = resp.status().as_u16();
    (status, resp.text().await.expect("body"))
}

/// A control-plane identity-pool call signed with the admin key; Ok(JSON) or Err(__type).
pub async fn identity_admin(
    endpoint: &str,
    region: &str,
    admin: &Keys,
    op: &str,
    body: Value,
) -> Result<Value, String> {
    let target = format!("AWSCognitoIdentityService.{op}");
    let (status, text) = signed(
        endpoint,
        region,
        "cognito-identity",
        &[
            ("content-type", "application/x-amz-json-1.1"),
            ("x-amz-target", &target),
        ],
        &body.to_string(),
        admin,
    )
    .await;
    let v: Value = serde_json::from_str(&text).expect("json answer");
    if status == 200 {
        Ok(v)
    } else {
        Err(v["__type"].as_str().unwrap_or_default().to_owned())
    }
}

/// An unsigned identity-pool call; Ok(JSON) or Err((__type, message)).
pub async fn identity_call(
    endpoint: &str,
    op: &str,
    body: Value,
) -> Result<Value, (String, String)> {
    let resp = reqwest::Client::new()
        .post(format!("{}/", endpoint.trim_end_matches('/')))
        .header("content-type", "application/x-amz-json-1.1")
        .header("x-amz-target", format!("AWSCognitoIdentityService.{op}"))
        .body(body.to_string())
        .send()
        .await
        .expect("send");
    let status = resp.status().as_u16();
    let v: Value = resp.json().await.expect("json");
    if status == 200 {
        Ok(v)
    } else {
        Err((
            v["__type"].as_str().unwrap_or_default().to_owned(),
            v["message"].as_str().unwrap_or_default().to_owned(),
        ))
    }
}

/// sts:GetCallerIdentity (Query protocol) signed with `keys`: (status, XML).
pub async fn caller_identity(endpoint: &str, region: &str, keys: &Keys) -> (u16, String) {
    signed(
        endpoint,
        region,
        "sts",
        &[(
            "content-type",
            "application/x-www-form-urlencoded; charset=utf-8",
        )],
        "Action=GetCallerIdentity&Version=2011-06-15",
        keys,
    )
    .await
}

/// The text of `<tag>` in an XML answer.
pub fn xml_field(xml: &str, tag: &str) -> Option<String> {
    let start = xml.find(&format!("<{tag}>"))? + tag.len() + 2;
    let end = xml[start..].find(&format!("</{tag}>"))? + start;
    Some(xml[start..end].to_owned())
}

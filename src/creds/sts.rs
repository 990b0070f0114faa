//! STS `AssumeRoleWithWebIdentity` for the basic flow: an unsigned Query-protocol form POST,
//! answered in XML (credentials, or an `<ErrorResponse>` with STS's code).

use crate::config::Profile;
use crate::secret::Secret;
use crate::session::AwsCredentials;
use serde::Deserialize;
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(30);

/// The STS endpoint: the profile's endpoint override (the local pool answers STS on the same
/// port), else the region's.
pub fn sts_endpoint(profile: &Profile) -> String {
    match &profile.endpoint {
        Some(e) => e.clone(),
        None => format!("https://sts.{}.amazonaws.com/", profile.region),
    }
}

/// Why STS gave no credentials.
#[derive(Debug, thiserror::Error)]
pub enum StsError {
    /// STS said no: its error code and message.
    #[error("STS refused: {code}: {message}")]
    Refused { code: String, message: String },
    #[error("could not reach STS at {endpoint}: {reason}")]
    Unreachable { endpoint: String, reason: String },
    #[error("STS's answer did not parse ({0}); is the endpoint STS?")]
    Malformed(String),
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Response {
    assume_role_with_web_identity_result: WebIdentityResult,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct WebIdentityResult {
    credentials: WireCredentials,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct WireCredentials {
    access_key_id: String,
    secret_access_key: Secret,
    session_token: Secret,
    expiration: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ErrorResponse {
    error: ErrorBody,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ErrorBody {
    code: String,
    #[serde(default)]
    message: String,
}

/// `2026-11-04T07:17:27Z` (fractional seconds and a `+00:00` offset accepted) as epoch seconds.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let (date, time) = s.split_once('T')?;
    let mut d = date.splitn(3, '-');
    let (y, m, day) = (
        d.next()?.parse::<i64>().ok()?,
        d.next()?.parse::<u32>().ok()?,
        d.next()?.parse::<u32>().ok()?,
    );
    let time = time
        .strip_suffix('Z')
        .or_else(|| time.strip_suffix("+00:00"))?;
    let time = time.split('.').next()?;
    let mut t = time.splitn(3, ':');
    let (h, min, sec) = (
        t.next()?.parse::<i64>().ok()?,
        t.next()?.parse::<i64>().ok()?,
        t.next()?.parse::<i64>().ok()?,
    );
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) || h > 23 || min > 59 || sec > 60 {
        return None;
    }
    Some(crate::calendar::days_from_civil(y, m, day) * 86_400 + h * 3600 + min * 60 + sec)
}

/// Assumes `role_arn` with an OpenID token from the identity pool (unsigned, as STS wants).
pub async fn assume_role_with_web_identity(
    endpoint: &str,
    role_arn: &str,
    session_name: &str,
    token: &Secret,
) -> Result<AwsCredentials, StsError> {
    let unreachable = |e: reqwest::Error| StsError::Unreachable {
        endpoint: endpoint.to_owned(),
        reason: e.without_url().to_string(),
    };
    let form = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("Action", "AssumeRoleWithWebIdentity")
        .append_pair("Version", "2011-06-15")
        .append_pair("RoleArn", role_arn)
        .append_pair("RoleSessionName", session_name)
        .append_pair("WebIdentityToken", token.expose())
        .finish();
    let client = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .build()
        .map_err(unreachable)?;
    let resp = client
        .post(endpoint)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .map_err(unreachable)?;
    let status = resp.status();
    let body = resp.text().await.map_err(unreachable)?;
    if !status.is_success() {
        return Err(match quick_xml::de::from_str::<ErrorResponse>(&body) {
            Ok(e) => StsError::Refused {
                code: e.error.code,
                message: e.error.message,
            },
            Err(_) => StsError::Malformed(format!("HTTP {}", status.as_u16())),
        });
    }
    let r: Response =
        quick_xml::de::from_str(&body).map_err(|e| StsError::Malformed(e.to_string()))?;
    let c = r.assume_role_with_web_identity_result.credentials;
    let expiration = parse_rfc3339(&c.expiration)
        .ok_or_else(|| StsError::Malformed("Expiration is not an RFC 3339 time".into()))?;
    Ok(AwsCredentials {
        access_key_id: c.access_key_id,
        secret_access_key: c.secret_access_key,
        session_token: c.session_token,
        expiration,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trips_and_refuses_nonsense() {
        use crate::creds::export::rfc3339;
        assert_eq!(parse_rfc3339("2026-11-04T07:17:27Z"), Some(1_793_776_647));
        assert_eq!(
            parse_rfc3339("2026-11-04T07:17:27.123Z"),
            Some(1_793_776_647)
        );
        assert_eq!(
            parse_rfc3339("2026-11-04T07:17:27+00:00"),
            Some(1_793_776_647)
        );
        assert_eq!(parse_rfc3339(&rfc3339(951_782_400)), Some(951_782_400));
        for bad in [
            "",
            "2026-11-04",
            "2026-13-04T00:00:00Z",
            "2026-11-04T07:17:27+02:00",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn sts_xml_answers_parse() {
        let ok = "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
            <AssumeRoleWithWebIdentityResult><SubjectFromWebIdentityToken>s</SubjectFromWebIdentityToken>\
            <AssumedRoleUser><Arn>arn</Arn><AssumedRoleId>id</AssumedRoleId></AssumedRoleUser>\
            <Credentials><SessionToken>tok&amp;en</SessionToken><SecretAccessKey>sec</SecretAccessKey>\
            <Expiration>2026-11-04T07:17:27Z</Expiration><AccessKeyId>ASIA1</AccessKeyId></Credentials>\
            <Provider>cognito-identity.amazonaws.com</Provider></AssumeRoleWithWebIdentityResult>\
            <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>";
        let r: Response = quick_xml::de::from_str(ok).unwrap();
        let c = r.assume_role_with_web_identity_result.credentials;
        assert_eq!(c.access_key_id, "ASIA1");
        assert_eq!(c.session_token.expose(), "tok&en");
        let err = "<ErrorResponse xmlns=\"x\"><Error><Type>Sender</Type><Code>AccessDenied</Code>\
                   <Message>Not authorized</Message></Error><RequestId>r</RequestId></ErrorResponse>";
        let e: ErrorResponse = quick_xml::de::from_str(err).unwrap();
        assert_eq!(e.error.code, "AccessDenied");
    }
}

//! Token validity of app clients: the values and `TokenValidityUnits` of CreateUserPoolClient,
//! checked against Cognito's ranges, and the lifetimes in seconds the tokens then get.

use super::super::error::{ApiError, ApiResult};
use crate::cognito::types::{
    CreateUserPoolClientRequest, TokenValidityUnitsType, UserPoolClientType,
};

const UNITS: [(&str, u64); 4] = [
    ("seconds", 1),
    ("minutes", 60),
    ("hours", 3_600),
    ("days", 86_400),
];

/// Access and ID tokens live 5 minutes to 1 day; by default 1 hour.
const ACCESS_RANGE: (u64, u64) = (5 * 60, 86_400);
const ACCESS_DEFAULT: u64 = 3_600;
/// Refresh tokens live 60 minutes to 10 years (3650 days); by default 30 days.
const REFRESH_RANGE: (u64, u64) = (3_600, 3_650 * 86_400);
const REFRESH_DEFAULT: u64 = 30 * 86_400;

/// How long a client's tokens live, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lifetimes {
    pub access: i64,
    pub id: i64,
    pub refresh: i64,
}

fn unit_seconds(unit: &str) -> Option<u64> {
    UNITS
        .iter()
        .find(|(name, _)| *name == unit)
        .map(|(_, s)| *s)
}

/// One token's (value, unit) as stored, checked against its range.
fn one(
    value: Option<u64>,
    unit: Option<&str>,
    field: &str,
    default_unit: &'static str,
    default_seconds: u64,
    (min, max): (u64, u64),
) -> ApiResult<(u64, String)> {
    let unit = unit.unwrap_or(default_unit);
    // The unit is not quoted: it is whatever the caller sent.
    let per = unit_seconds(unit).ok_or_else(|| {
        ApiError::invalid_parameter(format!(
            "1 validation error detected: Value at 'tokenValidityUnits.{field}' failed to \
             satisfy constraint: Member must satisfy enum value set: [seconds, minutes, hours, \
             days]"
        ))
    })?;
    let Some(value) = value else {
        // The default in the unit asked for, when it is a whole number of them.
        return Ok(if default_seconds.is_multiple_of(per) {
            (default_seconds / per, unit.to_owned())
        } else {
            (default_seconds / 3_600, "hours".to_owned())
        });
    };
    match value.checked_mul(per) {
        Some(s) if (min..=max).contains(&s) => Ok((value, unit.to_owned())),
        _ => Err(ApiError::invalid_parameter(
            "Invalid range for token validity: access and ID tokens live 5 minutes to 1 day, \
             refresh tokens 60 minutes to 10 years (3650 days)",
        )),
    }
}

/// The validities to store for a new client: (access, id, refresh, units), each in its unit.
pub fn checked(
    req: &CreateUserPoolClientRequest,
) -> ApiResult<(u64, u64, u64, TokenValidityUnitsType)> {
    let units = req.token_validity_units.clone().unwrap_or_default();
    let (access, access_unit) = one(
        req.access_token_validity,
        units.access_token.as_deref(),
        "accessToken",
        "hours",
        ACCESS_DEFAULT,
        ACCESS_RANGE,
    )?;
    let (id, id_unit) = one(
        req.id_token_validity,
        units.id_token.as_deref(),
        "idToken",
        "hours",
        ACCESS_DEFAULT,
        ACCESS_RANGE,
    )?;
    let (refresh, refresh_unit) = one(
        req.refresh_token_validity,
        units.refresh_token.as_deref(),
        "refreshToken",
        "days",
        REFRESH_DEFAULT,
        REFRESH_RANGE,
    )?;
    let units = TokenValidityUnitsType {
        access_token: Some(access_unit),
        id_token: Some(id_unit),
        refresh_token: Some(refresh_unit),
    };
    Ok((access, id, refresh, units))
}

/// The lifetimes of a stored client's tokens (clients stored before units were read have
/// none: hours and days).
pub fn lifetimes(client: &UserPoolClientType) -> Lifetimes {
    let units = client.token_validity_units.clone().unwrap_or_default();
    let seconds = |value: Option<u64>, unit: Option<&str>, default_unit: &str, default: u64| {
        let per = unit_seconds(unit.unwrap_or(default_unit)).unwrap_or(1);
        // Stored values were checked against the ranges, so this stays far below i64::MAX.
        value
            .map_or(default, |v| v.saturating_mul(per))
            .min(REFRESH_RANGE.1) as i64
    };
    Lifetimes {
        access: seconds(
            client.access_token_validity,
            units.access_token.as_deref(),
            "hours",
            ACCESS_DEFAULT,
        ),
        id: seconds(
            client.id_token_validity,
            units.id_token.as_deref(),
            "hours",
            ACCESS_DEFAULT,
        ),
        refresh: seconds(
            client.refresh_token_validity,
            units.refresh_token.as_deref(),
            "days",
            REFRESH_DEFAULT,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(access: Option<u64>, unit: Option<&str>) -> CreateUserPoolClientRequest {
        CreateUserPoolClientRequest {
            user_pool_id: "p".into(),
            client_name: "c".into(),
            access_token_validity: access,
            token_validity_units: unit.map(|u| TokenValidityUnitsType {
                access_token: Some(u.into()),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn ranges_in_every_unit() {
        assert!(checked(&req(Some(5), Some("minutes"))).is_ok());
        assert!(checked(&req(Some(4), Some("minutes"))).is_err());
        assert!(checked(&req(Some(299), Some("seconds"))).is_err());
        assert!(checked(&req(Some(1), Some("days"))).is_ok());
        assert!(checked(&req(Some(2), Some("days"))).is_err());
        assert!(checked(&req(Some(24), None)).is_ok());
        assert!(checked(&req(Some(25), None)).is_err());
        assert!(checked(&req(Some(u64::MAX), Some("days"))).is_err());
        assert!(checked(&req(Some(1), Some("weeks"))).is_err());
        assert!(checked(&req(Some(1), Some("Hours"))).is_err());
    }

    #[test]
    fn defaults_follow_the_unit_asked_for() {
        let (access, id, refresh, units) = checked(&req(None, Some("minutes"))).unwrap();
        assert_eq!((access, id, refresh), (60, 1, 30));
        assert_eq!(units.access_token.as_deref(), Some("minutes"));
        let (access, _, _, units) = checked(&req(None, Some("days"))).unwrap();
        assert_eq!((access, units.access_token.as_deref()), (1, Some("hours")));
    }

    #[test]
    fn lifetimes_of_old_and_new_clients() {
        let old = UserPoolClientType {
            access_token_validity: Some(2),
            refresh_token_validity: Some(30),
            ..Default::default()
        };
        assert_eq!(
            lifetimes(&old),
            Lifetimes {
                access: 7_200,
                id: 3_600,
                refresh: 30 * 86_400
            }
        );
        let new = UserPoolClientType {
            access_token_validity: Some(15),
            token_validity_units: Some(TokenValidityUnitsType {
                access_token: Some("minutes".into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert_eq!(lifetimes(&new).access, 900);
    }
}

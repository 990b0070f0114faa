//! Remembered devices in the local pool, through the wire: NewDeviceMetadata after an SRP
//! sign-in, ConfirmDevice (opt-in and always-remember pools), DEVICE_SRP_AUTH and
//! DEVICE_PASSWORD_VERIFIER checked with real SRP instead of MFA, refresh tied to the device,
//! ListDevices paging, the Admin device calls over SigV4, and the faults (wrong device password,
//! forged or foreign DEVICE_KEY, revoked and expired refresh tokens).
#![cfg(feature = "local")]

mod common;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use cogtui::srp::{self, ClientEphemeral};
use cogtui::totp;
use common::{ApiErr, TestPool, now, start};
use serde_json::{Value, json};

const PW: &str = "Device-Passw0rd!";

/// A device's secrets as a client keeps them.
#[derive(Clone)]
struct Device {
    key: String,
    group: String,
    password: String,
}

/// The pool a sign-in talks to: its id (SRP hashes the name after `_`) and app client.
#[derive(Clone)]
struct Target {
    pool_id: String,
    client_id: String,
}

fn seeded(p: &TestPool) -> Target {
    Target {
        pool_id: p.info.user_pool_id.clone(),
        client_id: p.info.client_id.clone(),
    }
}

/// A pool created over SigV4 with `device` as its DeviceConfiguration (none: tracking off),
/// an app client for SRP and refresh, and a confirmed user `ivy`.
async fn new_pool(p: &TestPool, device: Option<Value>) -> Target {
    let mut body = json!({"PoolName": "devices"});
    if let Some(d) = device {
        body["DeviceConfiguration"] = d;
    }
    let pool_id = p.admin("CreateUserPool", body).await.unwrap()["UserPool"]["Id"]
        .as_str()
        .unwrap()
        .to_owned();
    let client_id = p
        .admin(
            "CreateUserPoolClient",
            json!({"UserPoolId": pool_id, "ClientName": "app",
                   "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
        )
        .await
        .unwrap()["UserPoolClient"]["ClientId"]
        .as_str()
        .unwrap()
        .to_owned();
    p.admin(
        "AdminCreateUser",
        json!({"UserPoolId": pool_id, "Username": "ivy", "MessageAction": "SUPPRESS"}),
    )
    .await
    .unwrap();
    p.admin(
        "AdminSetUserPassword",
        json!({"UserPoolId": pool_id, "Username": "ivy", "Password": PW, "Permanent": true}),
    )
    .await
    .unwrap();
    Target { pool_id, client_id }
}

fn pool_name(id: &str) -> &str {
    id.split_once('_').unwrap().1
}

/// The PASSWORD_VERIFIER step of an SRP sign-in, naming `device` in both requests as AWS's
/// SDKs do.
async fn password_step(
    p: &TestPool,
    t: &Target,
    user: &str,
    password: &str,
    device: Option<&str>,
) -> Result<(Value, Value), ApiErr> {
    let eph = ClientEphemeral::generate();
    let mut params = json!({"USERNAME": user, "SRP_A": eph.public_hex()});
    if let Some(d) = device {
        params["DEVICE_KEY"] = json!(d);
    }
    let ch = p
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": t.client_id, "AuthParameters": params}),
        )
        .await?;
    let cp = &ch["ChallengeParameters"];
    let user_id = cp["USER_ID_FOR_SRP"].as_str().unwrap();
    let b = srp::parse_hex(cp["SRP_B"].as_str().unwrap()).unwrap();
    let salt = srp::parse_hex(cp["SALT"].as_str().unwrap()).unwrap();
    let block_b64 = cp["SECRET_BLOCK"].as_str().unwrap();
    let block = B64.decode(block_b64).unwrap();
    let name = pool_name(&t.pool_id);
    let claim = eph.claim(&b, &salt, name, user_id, password).unwrap();
    let ts = srp::format_timestamp(now());
    let mut answer = json!({
        "USERNAME": user_id,
        "PASSWORD_CLAIM_SECRET_BLOCK": block_b64,
        "TIMESTAMP": ts,
        "PASSWORD_CLAIM_SIGNATURE":
            srp::password_claim_signature(&claim.key, name, user_id, &block, &ts),
    });
    if let Some(d) = device {
        answer["DEVICE_KEY"] = json!(d);
    }
    let resp = p
        .respond(
            &t.client_id,
            "PASSWORD_VERIFIER",
            Some(&ch["Session"]),
            answer.clone(),
        )
        .await?;
    Ok((resp, json!({"session": ch["Session"], "answer": answer})))
}

/// DEVICE_SRP_AUTH then DEVICE_PASSWORD_VERIFIER for `dev`, as amazon-cognito-identity-js
/// computes them (pool name := device group key, user := device key).
async fn device_steps(
    p: &TestPool,
    t: &Target,
    challenge: &Value,
    user: &str,
    dev: &Device,
) -> Result<Value, ApiErr> {
    assert_eq!(challenge["ChallengeName"], "DEVICE_SRP_AUTH", "{challenge}");
    let eph = ClientEphemeral::generate();
    let r = p
        .respond(
            &t.client_id,
            "DEVICE_SRP_AUTH",
            Some(&challenge["Session"]),
            json!({"USERNAME": user, "DEVICE_KEY": dev.key, "SRP_A": eph.public_hex()}),
        )
        .await?;
    assert_eq!(r["ChallengeName"], "DEVICE_PASSWORD_VERIFIER", "{r}");
    let cp = &r["ChallengeParameters"];
    let b = srp::parse_hex(cp["SRP_B"].as_str().unwrap()).unwrap();
    let salt = srp::parse_hex(cp["SALT"].as_str().unwrap()).unwrap();
    let block_b64 = cp["SECRET_BLOCK"].as_str().unwrap();
    let block = B64.decode(block_b64).unwrap();
    let claim = eph
        .claim(&b, &salt, &dev.group, &dev.key, &dev.password)
        .unwrap();
    let ts = srp::format_timestamp(now());
    let sig = srp::password_claim_signature(&claim.key, &dev.group, &dev.key, &block, &ts);
    p.respond(
        &t.client_id,
        "DEVICE_PASSWORD_VERIFIER",
        Some(&r["Session"]),
        json!({"USERNAME": user, "PASSWORD_CLAIM_SECRET_BLOCK": block_b64, "TIMESTAMP": ts,
               "PASSWORD_CLAIM_SIGNATURE": sig, "DEVICE_KEY": dev.key}),
    )
    .await
}

/// ConfirmDevice for the device an AuthenticationResult offered, with a fresh device password.
async fn confirm(p: &TestPool, result: &Value, name: &str) -> (Device, Value) {
    let meta = &result["NewDeviceMetadata"];
    let key = meta["DeviceKey"]
        .as_str()
        .expect("NewDeviceMetadata")
        .to_owned();
    let group = meta["DeviceGroupKey"].as_str().unwrap().to_owned();
    let v = srp::device_verifier(&group, &key, None);
    let resp = p
        .call(
            "ConfirmDevice",
            json!({"AccessToken": result["AccessToken"], "DeviceKey": key, "DeviceName": name,
                   "DeviceSecretVerifierConfig":
                       {"Salt": v.salt_b64, "PasswordVerifier": v.verifier_b64}}),
        )
        .await
        .unwrap();
    (
        Device {
            key,
            group,
            password: v.device_password,
        },
        resp,
    )
}

/// UpdateDeviceStatus remembered (the seeded pool is user opt-in).
async fn remember(p: &TestPool, access: &Value, key: &str) {
    p.call(
        "UpdateDeviceStatus",
        json!({"AccessToken": access, "DeviceKey": key, "DeviceRememberedStatus": "remembered"}),
    )
    .await
    .unwrap();
}

/// Enrols a preferred software token for a signed-in user; returns its secret.
async fn enrol_totp(p: &TestPool, access: &str) -> Vec<u8> {
    let a = p
        .call("AssociateSoftwareToken", json!({"AccessToken": access}))
        .await
        .unwrap();
    let secret = totp::base32_decode(a["SecretCode"].as_str().unwrap()).unwrap();
    p.call(
        "VerifySoftwareToken",
        json!({"AccessToken": access, "UserCode": totp::code_at(&secret, now())}),
    )
    .await
    .unwrap();
    p.call(
        "SetUserMFAPreference",
        json!({"AccessToken": access,
               "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
    )
    .await
    .unwrap();
    secret
}

fn attr<'a>(device: &'a Value, name: &str) -> Option<&'a str> {
    device["DeviceAttributes"]
        .as_array()?
        .iter()
        .find(|a| a["Name"] == name)?["Value"]
        .as_str()
}

#[tokio::test]
async fn a_remembered_device_answers_device_srp_instead_of_mfa() {
    let p = start().await;
    let t = seeded(&p);
    p.confirmed_user("una", "una@example.com", PW).await;
    let (first, _) = password_step(&p, &t, "una", PW, None).await.unwrap();
    let result = &first["AuthenticationResult"];
    let secret = enrol_totp(&p, result["AccessToken"].as_str().unwrap()).await;
    p.advance_clock(totp::STEP).await;
    let clock = totp::STEP;

    // MFA now; the tokens offer a new device.
    let (mfa, _) = password_step(&p, &t, "una", PW, None).await.unwrap();
    assert_eq!(mfa["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    let done = p
        .respond(
            &t.client_id,
            "SOFTWARE_TOKEN_MFA",
            Some(&mfa["Session"]),
            json!({"USERNAME": "una",
                   "SOFTWARE_TOKEN_MFA_CODE": totp::code_at(&secret, now() + clock)}),
        )
        .await
        .unwrap();
    let result = done["AuthenticationResult"].clone();
    // The seeded pool is user opt-in: confirming is not remembering yet.
    let (dev, confirmed) = confirm(&p, &result, "una's laptop").await;
    assert_eq!(confirmed["UserConfirmationNecessary"], true);
    assert!(dev.key.starts_with("us-east-1_"), "{}", dev.key);
    let access = result["AccessToken"].as_str().unwrap();
    let claims = cogtui::auth::unverified_claims(access).unwrap();
    assert_eq!(claims["device_key"], dev.key.as_str());

    // Confirmed but not remembered: MFA still, and the tokens are issued with the device (no
    // device SRP after the code: AWS's SDK would answer it with a spent session).
    let (ch, _) = password_step(&p, &t, "una", PW, Some(&dev.key))
        .await
        .unwrap();
    assert_eq!(ch["ChallengeName"], "SOFTWARE_TOKEN_MFA", "{ch}");
    let code = totp::code_at(&secret, now() + clock + totp::STEP);
    p.advance_clock(totp::STEP).await;
    let r = p
        .respond(
            &t.client_id,
            "SOFTWARE_TOKEN_MFA",
            Some(&ch["Session"]),
            json!({"USERNAME": "una", "SOFTWARE_TOKEN_MFA_CODE": code}),
        )
        .await
        .unwrap();
    let claims =
        cogtui::auth::unverified_claims(r["AuthenticationResult"]["AccessToken"].as_str().unwrap())
            .unwrap();
    assert_eq!(claims["device_key"], dev.key.as_str(), "{r}");
    assert!(r["AuthenticationResult"].get("NewDeviceMetadata").is_none());

    // Remembered: device SRP and straight to tokens, with no new device offered.
    p.call(
        "UpdateDeviceStatus",
        json!({"AccessToken": access, "DeviceKey": dev.key,
               "DeviceRememberedStatus": "remembered"}),
    )
    .await
    .unwrap();
    p.advance_clock(5).await;
    let (ch, _) = password_step(&p, &t, "una", PW, Some(&dev.key))
        .await
        .unwrap();
    let r = device_steps(&p, &t, &ch, "una", &dev).await.unwrap();
    let tokens = &r["AuthenticationResult"];
    assert!(tokens["AccessToken"].is_string(), "{r}");
    assert!(tokens.get("NewDeviceMetadata").is_none(), "{r}");

    // The device's attributes and dates.
    let got = p
        .call(
            "GetDevice",
            json!({"AccessToken": access, "DeviceKey": dev.key}),
        )
        .await
        .unwrap();
    let d = &got["Device"];
    assert_eq!(attr(d, "device_name"), Some("una's laptop"));
    assert_eq!(attr(d, "dev:device_remembered_status"), Some("remembered"));
    assert_eq!(attr(d, "last_ip_used"), Some("127.0.0.1"));
    let created = d["DeviceCreateDate"].as_f64().unwrap();
    let last = d["DeviceLastAuthenticatedDate"].as_f64().unwrap();
    // Offered at the MFA sign-in, last used by the device sign-in 35 s (pool clock) later.
    assert!(last >= created + 34.0, "{d}");
    assert!(d["DeviceLastModifiedDate"].as_f64().unwrap() >= created);

    // Not remembered again: MFA comes back.
    p.call(
        "UpdateDeviceStatus",
        json!({"AccessToken": access, "DeviceKey": dev.key,
               "DeviceRememberedStatus": "not_remembered"}),
    )
    .await
    .unwrap();
    let (ch, _) = password_step(&p, &t, "una", PW, Some(&dev.key))
        .await
        .unwrap();
    assert_eq!(ch["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    let bad = p
        .call(
            "UpdateDeviceStatus",
            json!({"AccessToken": access, "DeviceKey": dev.key,
                   "DeviceRememberedStatus": "forever"}),
        )
        .await
        .unwrap_err();
    assert_eq!(bad.kind, "InvalidParameterException");
}

#[tokio::test]
async fn always_remember_and_tracking_off_pools() {
    let p = start().await;
    // Always remember, MFA not skipped (ChallengeRequiredOnNewDevice false).
    let t = new_pool(
        &p,
        Some(json!({"ChallengeRequiredOnNewDevice": false,
                    "DeviceOnlyRememberedOnUserPrompt": false})),
    )
    .await;
    let (r, _) = password_step(&p, &t, "ivy", PW, None).await.unwrap();
    let (dev, confirmed) = confirm(&p, &r["AuthenticationResult"], "ivy's phone").await;
    assert_eq!(confirmed["UserConfirmationNecessary"], false);
    let listed = p
        .call(
            "ListDevices",
            json!({"AccessToken": r["AuthenticationResult"]["AccessToken"]}),
        )
        .await
        .unwrap();
    assert_eq!(
        attr(&listed["Devices"][0], "dev:device_remembered_status"),
        Some("remembered")
    );
    let (ch, _) = password_step(&p, &t, "ivy", PW, Some(&dev.key))
        .await
        .unwrap();
    let done = device_steps(&p, &t, &ch, "ivy", &dev).await.unwrap();
    assert!(done["AuthenticationResult"]["AccessToken"].is_string());
    // Confirming twice is refused.
    let v = srp::device_verifier(&dev.group, &dev.key, None);
    let again = p
        .call(
            "ConfirmDevice",
            json!({"AccessToken": done["AuthenticationResult"]["AccessToken"],
                   "DeviceKey": dev.key,
                   "DeviceSecretVerifierConfig":
                       {"Salt": v.salt_b64, "PasswordVerifier": v.verifier_b64}}),
        )
        .await
        .unwrap_err();
    assert_eq!(again.kind, "InvalidParameterException");

    // Tracking off: no device offered, a DEVICE_KEY is ignored, ConfirmDevice refused.
    let off = new_pool(&p, None).await;
    let (r, _) = password_step(&p, &off, "ivy", PW, Some(&dev.key))
        .await
        .unwrap();
    let result = &r["AuthenticationResult"];
    assert!(result.get("NewDeviceMetadata").is_none(), "{r}");
    let refused = p
        .call(
            "ConfirmDevice",
            json!({"AccessToken": result["AccessToken"], "DeviceKey": dev.key,
                   "DeviceSecretVerifierConfig": {"Salt": "AQI=", "PasswordVerifier": "AQI="}}),
        )
        .await
        .unwrap_err();
    assert_eq!(refused.kind, "InvalidParameterException");
    assert!(refused.message.contains("Device tracking"), "{refused:?}");
}

#[tokio::test]
async fn device_faults_are_refused_clearly() {
    let p = start().await;
    let t = seeded(&p);
    p.confirmed_user("vic", "vic@example.com", PW).await;
    p.confirmed_user("wes", "wes@example.com", PW).await;
    let (r, _) = password_step(&p, &t, "vic", PW, None).await.unwrap();
    let (dev, _) = confirm(&p, &r["AuthenticationResult"], "vic").await;
    let vic_access = r["AuthenticationResult"]["AccessToken"].clone();
    let (r, _) = password_step(&p, &t, "wes", PW, None).await.unwrap();
    let (wes_dev, _) = confirm(&p, &r["AuthenticationResult"], "wes").await;
    remember(&p, &vic_access, &dev.key).await;
    remember(&p, &r["AuthenticationResult"]["AccessToken"], &wes_dev.key).await;

    // A wrong device password.
    let (ch, _) = password_step(&p, &t, "vic", PW, Some(&dev.key))
        .await
        .unwrap();
    let wrong = Device {
        password: "d3JvbmcgZGV2aWNlIHBhc3N3b3Jk".into(),
        ..dev.clone()
    };
    let e = device_steps(&p, &t, &ch, "vic", &wrong).await.unwrap_err();
    assert_eq!(e.kind, "NotAuthorizedException");
    assert_eq!(e.message, "Incorrect device password.");

    // A forged DEVICE_KEY: refused before the proof, and the same answer without it (what AWS's
    // SDK sends next, with "DEVICE_KEY": null) signs in with a new device offered.
    let forged = "us-east-1_00000000-0000-0000-0000-000000000000";
    let err = password_step(&p, &t, "vic", PW, Some(forged))
        .await
        .unwrap_err();
    assert_eq!(err.kind, "ResourceNotFoundException");
    assert!(err.message.to_lowercase().contains("device"), "{err:?}");
    let eph = ClientEphemeral::generate();
    let ch = p
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": t.client_id,
                   "AuthParameters": {"USERNAME": "vic", "SRP_A": eph.public_hex(),
                                      "DEVICE_KEY": forged}}),
        )
        .await
        .unwrap();
    let mut answer = p.srp_answer(&ch, &eph, PW, &srp::format_timestamp(now()));
    answer["DEVICE_KEY"] = json!(forged);
    let e = p
        .verify(&t.client_id, &ch, answer.clone())
        .await
        .unwrap_err();
    assert_eq!(e.kind, "ResourceNotFoundException");
    answer["DEVICE_KEY"] = Value::Null;
    let ok = p.verify(&t.client_id, &ch, answer).await.unwrap();
    assert!(ok["AuthenticationResult"]["NewDeviceMetadata"]["DeviceKey"].is_string());

    // Another user's device is not found either, and cannot be read or forgotten.
    let err = password_step(&p, &t, "vic", PW, Some(&wes_dev.key))
        .await
        .unwrap_err();
    assert_eq!(err.kind, "ResourceNotFoundException");
    let access = ok["AuthenticationResult"]["AccessToken"].clone();
    for op in ["GetDevice", "ForgetDevice"] {
        let e = p
            .call(op, json!({"AccessToken": access, "DeviceKey": wes_dev.key}))
            .await
            .unwrap_err();
        assert_eq!(e.kind, "ResourceNotFoundException", "{op}");
    }

    // A device answer naming another device than the sign-in's.
    let (ch, _) = password_step(&p, &t, "vic", PW, Some(&dev.key))
        .await
        .unwrap();
    let e = device_steps(&p, &t, &ch, "vic", &wes_dev)
        .await
        .unwrap_err();
    assert_eq!(e.kind, "NotAuthorizedException");

    // A wrong password with a device named is still a wrong password.
    let e = password_step(&p, &t, "vic", "Wrong-Passw0rd!", Some(&dev.key))
        .await
        .unwrap_err();
    assert_eq!(e.message, "Incorrect username or password.");
}

async fn refresh(
    p: &TestPool,
    t: &Target,
    token: &Value,
    device: Option<&str>,
) -> Result<Value, ApiErr> {
    let mut params = json!({"REFRESH_TOKEN": token});
    if let Some(d) = device {
        params["DEVICE_KEY"] = json!(d);
    }
    p.call(
        "InitiateAuth",
        json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": t.client_id, "AuthParameters": params}),
    )
    .await
}

#[tokio::test]
async fn refresh_needs_the_device_and_forgetting_it_revokes_the_session() {
    let p = start().await;
    let t = seeded(&p);
    p.confirmed_user("xia", "xia@example.com", PW).await;
    let (r, _) = password_step(&p, &t, "xia", PW, None).await.unwrap();
    let (dev, _) = confirm(&p, &r["AuthenticationResult"], "xia").await;
    remember(&p, &r["AuthenticationResult"]["AccessToken"], &dev.key).await;
    let (ch, _) = password_step(&p, &t, "xia", PW, Some(&dev.key))
        .await
        .unwrap();
    let r = device_steps(&p, &t, &ch, "xia", &dev).await;
    let result = r.unwrap()["AuthenticationResult"].clone();
    let rt = &result["RefreshToken"];

    let e = refresh(&p, &t, rt, None).await.unwrap_err();
    assert_eq!(
        (e.kind.as_str(), e.message.as_str()),
        ("NotAuthorizedException", "Invalid Refresh Token")
    );
    let e = refresh(&p, &t, rt, Some("us-east-1_other"))
        .await
        .unwrap_err();
    assert_eq!(e.message, "Invalid Refresh Token");
    let fresh = refresh(&p, &t, rt, Some(&dev.key)).await.unwrap();
    let claims = cogtui::auth::unverified_claims(
        fresh["AuthenticationResult"]["AccessToken"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["device_key"], dev.key.as_str());

    // A session issued before the device was confirmed refreshes once it is, with the key.
    // Forgetting the device revokes its sessions: refresh and the access token both stop.
    let access = result["AccessToken"].clone();
    p.call(
        "ForgetDevice",
        json!({"AccessToken": access, "DeviceKey": dev.key}),
    )
    .await
    .unwrap();
    let e = refresh(&p, &t, rt, Some(&dev.key)).await.unwrap_err();
    assert_eq!(e.message, "Refresh Token has been revoked");
    let e = p
        .call("ListDevices", json!({"AccessToken": access}))
        .await
        .unwrap_err();
    assert_eq!(e.kind, "NotAuthorizedException");
    // The forgotten device no longer answers device SRP.
    let e = password_step(&p, &t, "xia", PW, Some(&dev.key))
        .await
        .unwrap_err();
    assert_eq!(e.kind, "ResourceNotFoundException");

    // An expired refresh token says so.
    let (r, _) = password_step(&p, &t, "xia", PW, None).await.unwrap();
    let (dev2, _) = confirm(&p, &r["AuthenticationResult"], "xia 2").await;
    p.advance_clock(31 * 24 * 3600).await;
    let e = refresh(
        &p,
        &t,
        &r["AuthenticationResult"]["RefreshToken"],
        Some(&dev2.key),
    )
    .await
    .unwrap_err();
    assert_eq!(e.message, "Refresh Token has expired");
}

#[tokio::test]
async fn devices_are_listed_in_pages_and_managed_by_admins() {
    let p = start().await;
    let t = seeded(&p);
    p.confirmed_user("yan", "yan@example.com", PW).await;
    let mut keys = Vec::new();
    let mut access = Value::Null;
    for i in 0..5 {
        let (r, _) = password_step(&p, &t, "yan", PW, None).await.unwrap();
        let (dev, _) = confirm(&p, &r["AuthenticationResult"], &format!("device {i}")).await;
        keys.push(dev.key);
        access = r["AuthenticationResult"]["AccessToken"].clone();
    }
    // One more offered and never confirmed: not listed.
    password_step(&p, &t, "yan", PW, None).await.unwrap();
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut body = json!({"AccessToken": access, "Limit": 2});
        if let Some(tk) = &token {
            body["PaginationToken"] = json!(tk);
        }
        let page = p.call("ListDevices", body).await.unwrap();
        let devices = page["Devices"].as_array().unwrap();
        assert!(devices.len() <= 2);
        seen.extend(
            devices
                .iter()
                .map(|d| d["DeviceKey"].as_str().unwrap().to_owned()),
        );
        match page["PaginationToken"].as_str() {
            Some(tk) => token = Some(tk.to_owned()),
            None => break,
        }
    }
    let mut expected = keys.clone();
    expected.sort();
    assert_eq!(seen, expected);
    let e = p
        .call(
            "ListDevices",
            json!({"AccessToken": access, "PaginationToken": "eA.00"}),
        )
        .await
        .unwrap_err();
    assert_eq!(e.message, "Invalid PaginationToken");
    let e = p
        .call("ListDevices", json!({"AccessToken": access, "Limit": 61}))
        .await
        .unwrap_err();
    assert_eq!(e.kind, "InvalidParameterException");

    // Admin calls: signed, by username.
    let pool_id = p.info.user_pool_id.clone();
    let listed = p
        .admin(
            "AdminListDevices",
            json!({"UserPoolId": pool_id, "Username": "yan"}),
        )
        .await
        .unwrap();
    assert_eq!(listed["Devices"].as_array().unwrap().len(), 5);
    let got = p
        .admin(
            "AdminGetDevice",
            json!({"UserPoolId": pool_id, "Username": "yan", "DeviceKey": keys[0]}),
        )
        .await
        .unwrap();
    assert_eq!(attr(&got["Device"], "device_name"), Some("device 0"));
    p.admin(
        "AdminUpdateDeviceStatus",
        json!({"UserPoolId": pool_id, "Username": "yan", "DeviceKey": keys[0],
               "DeviceRememberedStatus": "remembered"}),
    )
    .await
    .unwrap();
    let got = p
        .admin(
            "AdminGetDevice",
            json!({"UserPoolId": pool_id, "Username": "yan", "DeviceKey": keys[0]}),
        )
        .await
        .unwrap();
    assert_eq!(
        attr(&got["Device"], "dev:device_remembered_status"),
        Some("remembered")
    );
    p.admin(
        "AdminForgetDevice",
        json!({"UserPoolId": pool_id, "Username": "yan", "DeviceKey": keys[1]}),
    )
    .await
    .unwrap();
    let e = p
        .admin(
            "AdminGetDevice",
            json!({"UserPoolId": pool_id, "Username": "yan", "DeviceKey": keys[1]}),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind, "ResourceNotFoundException");
    let e = p
        .admin(
            "AdminListDevices",
            json!({"UserPoolId": pool_id, "Username": "nobody"}),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind, "UserNotFoundException");
    // Unsigned, the admin calls are refused.
    let e = p
        .call(
            "AdminListDevices",
            json!({"UserPoolId": pool_id, "Username": "yan"}),
        )
        .await
        .unwrap_err();
    assert_ne!(e.status, 200);
    assert!(
        e.kind.contains("Signature") || e.kind.contains("Token") || e.kind.contains("Auth"),
        "{e:?}"
    );
}

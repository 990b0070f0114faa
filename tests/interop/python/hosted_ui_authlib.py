#!/usr/bin/env python3
"""Drives authlib's OAuth 2.0 client (code flow with PKCE S256, state and nonce) against the
Hosted UI of cogtui's local pool; requests posts the login form, standing in for the browser.
The ID token is verified on the pool's JWKS with joserfc (authlib's JOSE library). The app
client is made by boto3's CreateUserPoolClient (SigV4) with its Hosted UI settings, and
UpdateUserPoolClient changes them, as boto3 sends them.

Input: env COGTUI_LOCAL, the JSON line `cogtui local serve` prints first.
Output: one line per step; exit 0 when every step passed, 1 with the reason otherwise.
"""

import json
import os
import secrets
import sys
import time
import urllib.parse

import boto3
import requests
from authlib.common.security import generate_token
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from botocore import UNSIGNED
from botocore.config import Config
from joserfc import jwt
from joserfc.jwk import KeySet

CALLBACK = "http://localhost:8765/callback"
_n = 0


class StepFailure(Exception):
    pass


def fail(message):
    raise StepFailure(message)


def step(name, fn):
    global _n
    _n += 1
    started = time.monotonic()
    try:
        note = fn()
    except Exception as err:  # every failure ends the run with its reason
        print(f"not ok {_n} - {name}: {type(err).__name__}: {err}", flush=True)
        raise
    ms = int((time.monotonic() - started) * 1000)
    print(f"ok {_n} - {name}{f' ({note})' if note else ''} [{ms} ms]", flush=True)


def main():
    server = json.loads(os.environ["COGTUI_LOCAL"])
    base = server["endpoint"]
    pool_id = server["user_pool_id"]
    client_id = server["client_id"]
    issuer = f"{base}/{pool_id}"
    username = f"authlib{secrets.token_hex(4)}"
    password = f"Pw-{secrets.token_urlsafe(9)}a7Z!"
    state = {}

    idp = boto3.client(
        "cognito-idp",
        region_name=server["region"],
        endpoint_url=base,
        config=Config(signature_version=UNSIGNED),
    )

    def sign_up():
        idp.sign_up(
            ClientId=client_id,
            Username=username,
            Password=password,
            UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"}],
        )
        entries = requests.get(f"{base}/_local/outbox", params={"username": username}).json()
        code = entries[-1]["code"]
        idp.confirm_sign_up(ClientId=client_id, Username=username, ConfirmationCode=code)

    step("a user signs up and confirms (boto3)", sign_up)

    admin = boto3.client(
        "cognito-idp",
        region_name=server["region"],
        endpoint_url=base,
        aws_access_key_id=server["admin_access_key_id"],
        aws_secret_access_key=server["admin_secret_access_key"],
    )

    def make_client():
        made = admin.create_user_pool_client(
            UserPoolId=pool_id,
            ClientName="authlib",
            GenerateSecret=False,
            CallbackURLs=["https://app.example/cb"],
            AllowedOAuthFlows=["code"],
            AllowedOAuthFlowsUserPoolClient=True,
            AllowedOAuthScopes=["openid", "email"],
            SupportedIdentityProviders=["COGNITO"],
        )["UserPoolClient"]
        state["client_id"] = made["ClientId"]
        try:
            admin.update_user_pool_client(
                UserPoolId=pool_id,
                ClientId=made["ClientId"],
                CallbackURLs=["http://app.example/cb"],
                AllowedOAuthFlows=["code"],
                AllowedOAuthFlowsUserPoolClient=True,
                AllowedOAuthScopes=["openid"],
            )
            fail("a plain-http callback URL on another host was accepted")
        except admin.exceptions.InvalidParameterException:
            pass
        admin.update_user_pool_client(
            UserPoolId=pool_id,
            ClientId=made["ClientId"],
            CallbackURLs=[CALLBACK],
            AllowedOAuthFlows=["code"],
            AllowedOAuthFlowsUserPoolClient=True,
            AllowedOAuthScopes=["openid", "email", "profile"],
            SupportedIdentityProviders=["COGNITO"],
        )
        described = admin.describe_user_pool_client(
            UserPoolId=pool_id, ClientId=made["ClientId"]
        )["UserPoolClient"]
        if described.get("CallbackURLs") != [CALLBACK]:
            fail(f"the client's CallbackURLs are {described.get('CallbackURLs')}")
        return made["ClientId"]

    step("boto3 creates and updates an app client with Hosted UI settings", make_client)
    client_id = state["client_id"]

    conf = requests.get(f"{issuer}/.well-known/openid-configuration").json()
    client = OAuth2Session(
        client_id,
        redirect_uri=CALLBACK,
        scope="openid email profile",
        code_challenge_method="S256",
    )
    verifier = generate_token(48)
    nonce = generate_token(16)

    def authorize():
        url, st = client.create_authorization_url(
            conf["authorization_endpoint"], code_verifier=verifier, nonce=nonce
        )
        state["url"], state["state"] = url, st
        query = urllib.parse.parse_qs(urllib.parse.urlparse(url).query)
        if query.get("code_challenge_method") != ["S256"]:
            fail(f"authlib sent no S256 challenge: {url}")
        return "S256 challenge, state and nonce sent"

    step("authlib builds the authorize URL", authorize)

    def browse():
        browser = requests.Session()
        r = browser.get(state["url"], allow_redirects=False)
        if r.status_code not in (302, 303, 307):
            fail(f"authorize answered {r.status_code}: {r.text[:200]}")
        login = urllib.parse.urljoin(base, r.headers["location"])
        if "/login?" not in login:
            fail(f"authorize went to {login}")
        r = browser.post(
            login, data={"username": username, "password": password}, allow_redirects=False
        )
        location = r.headers.get("location", "")
        if not location.startswith(CALLBACK):
            fail(f"the login page answered {r.status_code}, location {location!r}")
        state["response"] = location

    step("the login form is posted and redirects to the callback", browse)

    def exchange():
        token = client.fetch_token(
            conf["token_endpoint"],
            authorization_response=state["response"],
            code_verifier=verifier,
            state=state["state"],
        )
        state["token"] = token
        for key in ("access_token", "id_token", "refresh_token"):
            if not token.get(key):
                fail(f"the token answer lacks {key}")

    step("authlib exchanges the code with the verifier", exchange)

    def verify():
        jwks = KeySet.import_key_set(requests.get(conf["jwks_uri"]).json())
        token = jwt.decode(state["token"]["id_token"], jwks, algorithms=["RS256"])
        registry = jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": issuer},
            aud={"essential": True, "value": client_id},
            nonce={"essential": True, "value": nonce},
        )
        registry.validate(token.claims)
        if token.claims.get("cognito:username") != username:
            fail(f"the ID token names {token.claims.get('cognito:username')}")
        return f"kid {token.header.get('kid', '')[:8]}…"

    step("the ID token verifies on the pool's JWKS (joserfc)", verify)

    def userinfo():
        info = client.get(conf["userinfo_endpoint"]).json()
        if info.get("email") != f"{username}@example.com":
            fail(f"userInfo says {info}")

    step("userInfo answers for the access token", userinfo)

    def refresh():
        token = client.refresh_token(
            conf["token_endpoint"], refresh_token=state["token"]["refresh_token"]
        )
        if not token.get("access_token"):
            fail("no access token from the refresh")

    step("authlib refreshes the tokens", refresh)

    def replay():
        try:
            client.fetch_token(
                conf["token_endpoint"],
                authorization_response=state["response"],
                code_verifier=verifier,
                state=state["state"],
            )
        except OAuthError as err:
            if err.error != "invalid_grant":
                fail(f"a replayed code was refused with {err.error}, not invalid_grant")
            return "invalid_grant"
        fail("a replayed code was accepted")

    step("a replayed code is refused", replay)


if __name__ == "__main__":
    try:
        main()
    except Exception:  # the failing step printed its reason
        sys.exit(1)

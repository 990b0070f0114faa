#!/usr/bin/env python3
"""Drives AWS's boto3 and pycognito against cogtui's local pool.

Input: env COGTUI_LOCAL, the JSON line `cogtui local serve` prints first.
Output: one line per step; exit 0 when every step passed, 1 with the reason otherwise.
Only the standard library, boto3 and pycognito (see requirements.txt).
"""

import json
import os
import re
import secrets
import signal
import sys
import time
import urllib.error
import urllib.request

# pycognito takes the JWKS from COGNITO_JWKS when set, and boto3 reads profiles: neither may
# stand in for what the server under test serves.
for _var in ("COGNITO_JWKS", "AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
    os.environ.pop(_var, None)

import boto3  # noqa: E402
from botocore import UNSIGNED  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402
from pycognito import Cognito  # noqa: E402
from pycognito.aws_srp import AWSSRP  # noqa: E402

WATCHDOG_SECONDS = 180


class StepFailure(Exception):
    pass


def fail(message):
    raise StepFailure(message)


def describe(err):
    if isinstance(err, ClientError):
        error = err.response.get("Error", {})
        status = err.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        op = getattr(err, "operation_name", "?")
        return f"{op}: HTTP {status} {error.get('Code')}: {error.get('Message')}"
    return f"{type(err).__name__}: {err}"


_step_number = 0


def step(name, fn):
    global _step_number
    _step_number += 1
    started = time.monotonic()
    try:
        note = fn()
    except Exception as err:  # every failure ends the run with its reason
        reason = str(err) if isinstance(err, StepFailure) else describe(err)
        print(f"not ok {_step_number} - {name}: {reason}", flush=True)
        raise StepFailure(f'step {_step_number} "{name}" failed: {reason}') from err
    suffix = f" ({note})" if note else ""
    elapsed = int((time.monotonic() - started) * 1000)
    print(f"ok {_step_number} - {name}{suffix} [{elapsed} ms]", flush=True)


def read_server():
    raw = os.environ.get("COGTUI_LOCAL")
    if not raw:
        fail("COGTUI_LOCAL is not set: run `cogtui local serve` and pass its first stdout line")
    try:
        server = json.loads(raw)
    except json.JSONDecodeError as err:
        fail(f"COGTUI_LOCAL is not JSON ({err}): {raw[:200]}")
    for key in (
        "endpoint",
        "region",
        "user_pool_id",
        "client_id",
        "client_id_with_secret",
        "client_secret",
        "admin_access_key_id",
        "admin_secret_access_key",
    ):
        if not isinstance(server.get(key), str) or not server[key]:
            fail(f'COGTUI_LOCAL has no string field "{key}": {raw[:200]}')
    return server


def new_username(prefix):
    return f"{prefix}{secrets.token_hex(6)}"


def new_password():
    """Meets Cognito's default policy: 8+ characters, upper, lower, digit, symbol."""
    return f"Pw-{secrets.token_urlsafe(9)}a7Z!"


def get_json(url):
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=15) as resp:
            body = resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        fail(f"GET {url} answered HTTP {err.code}: {err.read()[:300]!r}")
    try:
        return json.loads(body)
    except json.JSONDecodeError as err:
        fail(f"GET {url} answered non-JSON ({err}): {body[:300]}")


def _sent_at_key(value):
    if isinstance(value, (int, float)):
        return float(value)
    return str(value)


def outbox_code(server, username, purpose):
    entries = get_json(f"{server['endpoint']}/_local/outbox")
    if not isinstance(entries, list):
        fail(f"outbox is not a JSON array: {json.dumps(entries)[:300]}")
    matching = [
        (index, entry)
        for index, entry in enumerate(entries)
        if entry.get("username") == username and entry.get("purpose") == purpose
    ]
    if not matching:
        fail(f"no outbox entry for username={username} purpose={purpose} among {len(entries)} entries")
    # Newest by sent_at, ties broken by position in the list.
    matching.sort(key=lambda pair: (_sent_at_key(pair[1].get("sent_at")), pair[0]))
    code = matching[-1][1].get("code")
    if not isinstance(code, str) or not code:
        fail(f"outbox entry for {username} has no code")
    return code


class Local:
    """The server under test and the clients pointed at it."""

    def __init__(self, server):
        self.server = server
        self.endpoint = server["endpoint"]
        self.region = server["region"]
        self.pool_id = server["user_pool_id"]
        self.client_id = server["client_id"]
        # No retries: a local server that fails once has failed.
        self.config = Config(
            retries={"total_max_attempts": 1}, connect_timeout=5, read_timeout=60
        )
        # Unsigned user-facing calls, as an app makes them (botocore marks them noAuth).
        self.user = self.boto_client()
        self.admin = self.boto_client(
            aws_access_key_id=server["admin_access_key_id"],
            aws_secret_access_key=server["admin_secret_access_key"],
        )

    def boto_client(self, config=None, **kwargs):
        return boto3.client(
            "cognito-idp",
            region_name=self.region,
            endpoint_url=self.endpoint,
            config=config or self.config,
            **kwargs,
        )

    def cognito(self, username, pool_id=None, client_id=None, client_secret=None):
        # pycognito derives the issuer it demands and the JWKS address from endpoint_url:
        # f"{endpoint_url}/{user_pool_id}" (pycognito/__init__.py, Cognito.user_pool_url).
        return Cognito(
            pool_id or self.pool_id,
            client_id or self.client_id,
            username=username,
            client_secret=client_secret,
            botocore_config=self.config,
            boto3_client_kwargs={"endpoint_url": self.endpoint},
        )

    def verify_result(self, result, username, pool_id=None, client_id=None):
        """Checks an AuthenticationResult with pycognito's verifier (signature via JWKS, iss,
        aud, exp, token_use, at_hash) and the claims this flow expects."""
        auth = result.get("AuthenticationResult")
        if not auth:
            fail(f"no AuthenticationResult in {sorted(result)}: ChallengeName={result.get('ChallengeName')}")
        for key in ("AccessToken", "IdToken", "TokenType", "ExpiresIn"):
            if key not in auth:
                fail(f"AuthenticationResult has no {key}")
        if auth["TokenType"] != "Bearer":
            fail(f"TokenType is {auth['TokenType']}, expected Bearer")
        checker = self.cognito(username, pool_id=pool_id, client_id=client_id)
        checker.verify_token(auth["AccessToken"], "access_token", "access")
        checker.verify_token(auth["IdToken"], "id_token", "id")
        check_claims(checker, username, client_id or self.client_id)
        return auth


def check_claims(cog, username, client_id, email=None):
    id_claims, access_claims = cog.id_claims, cog.access_claims
    if id_claims.get("cognito:username") != username:
        fail(f"id token cognito:username is {id_claims.get('cognito:username')}, expected {username}")
    if access_claims.get("username") != username:
        fail(f"access token username is {access_claims.get('username')}, expected {username}")
    if access_claims.get("client_id") != client_id:
        fail(f"access token client_id is {access_claims.get('client_id')}, expected {client_id}")
    if id_claims.get("sub") != access_claims.get("sub") or not id_claims.get("sub"):
        fail(f"id sub {id_claims.get('sub')} and access sub {access_claims.get('sub')} differ or are empty")
    if email is not None and id_claims.get("email") != email:
        fail(f"id token email is {id_claims.get('email')}, expected {email}")


def expect_client_error(fn, codes, what):
    try:
        fn()
    except ClientError as err:
        code = err.response.get("Error", {}).get("Code")
        if code not in codes:
            fail(f"{what}: refused with {describe(err)}, expected {' or '.join(codes)}")
        return f"{code}: {err.response.get('Error', {}).get('Message')}"
    fail(f"{what}: succeeded but must be refused with {' or '.join(codes)}")


def srp_refused(local, username, password, codes=("NotAuthorizedException",), **kwargs):
    return expect_client_error(
        lambda: local.cognito(username, **kwargs).authenticate(password=password),
        codes,
        f"SRP sign-in of {username}",
    )


def admin_status(local, username, pool_id=None):
    user = local.admin.admin_get_user(UserPoolId=pool_id or local.pool_id, Username=username)
    return user["UserStatus"], user


def attributes(attribute_list):
    return {a["Name"]: a.get("Value") for a in attribute_list or []}


def user_flow(local):
    """Self-service: sign-up, confirm, SRP sign-in by name and by email alias, refresh, change of
    password, refusals; all through pycognito."""
    username = new_username("py")
    email = f"{username}@example.com"
    password, password2 = new_password(), new_password()
    cog = local.cognito(username)
    state = {}

    def sign_up():
        cog.set_base_attributes(email=email)
        response = cog.register(username, password)
        if response.get("UserConfirmed") is not False:
            fail(f"UserConfirmed is {response.get('UserConfirmed')}, expected False")
        if not response.get("UserSub"):
            fail("SignUp answered no UserSub")
        state["sub"] = response["UserSub"]
        return f"sub {response['UserSub']}"

    step(f"pycognito register {username} with email {email}", sign_up)
    step(
        "pycognito confirm_sign_up with the code from the outbox",
        lambda: cog.confirm_sign_up(outbox_code(local.server, username, "sign_up"), username=username),
    )

    def sign_in():
        cog.authenticate(password=password)  # USER_SRP_AUTH; verifies both tokens itself
        check_claims(cog, username, local.client_id, email=email)
        if cog.id_claims.get("sub") != state["sub"]:
            fail(f"id token sub {cog.id_claims.get('sub')} is not the SignUp UserSub {state['sub']}")
        if not cog.refresh_token:
            fail("no refresh token")
        return f"iss {cog.id_claims.get('iss')}"

    step("pycognito authenticate by username (USER_SRP_AUTH, tokens verified)", sign_in)

    def get_user():
        user = cog.get_user()
        if user.username != username or getattr(user, "email", None) != email:
            fail(f"GetUser answered username={user.username} email={getattr(user, 'email', None)}")

    step("pycognito get_user with the access token", get_user)

    def by_alias():
        alias = local.cognito(email)
        alias.authenticate(password=password)
        check_claims(alias, username, local.client_id, email=email)

    step("pycognito authenticate by email alias (USER_SRP_AUTH)", by_alias)

    def refresh():
        old_access = cog.access_token
        cog.renew_access_token()  # REFRESH_TOKEN_AUTH; verifies both tokens itself
        check_claims(cog, username, local.client_id, email=email)
        return "new access token" if cog.access_token != old_access else "same access token"

    step("pycognito renew_access_token (REFRESH_TOKEN_AUTH)", refresh)

    def password_auth():
        result = local.user.initiate_auth(
            ClientId=local.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": password},
        )
        local.verify_result(result, username)

    step("boto3 initiate_auth USER_PASSWORD_AUTH", password_auth)
    step("pycognito change_password", lambda: cog.change_password(password, password2))

    def new_password_sign_in():
        fresh = local.cognito(username)
        fresh.authenticate(password=password2)
        check_claims(fresh, username, local.client_id, email=email)

    step("pycognito authenticate with the new password", new_password_sign_in)
    step("SRP sign-in with the old password is refused", lambda: srp_refused(local, username, password))
    step("SRP sign-in with a wrong password is refused", lambda: srp_refused(local, username, password2 + "x"))
    step(
        "USER_PASSWORD_AUTH with a wrong password is refused",
        lambda: expect_client_error(
            lambda: local.user.initiate_auth(
                ClientId=local.client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": username, "PASSWORD": password2 + "x"},
            ),
            ("NotAuthorizedException",),
            "USER_PASSWORD_AUTH",
        ),
    )


def secret_hash_flow(local):
    """The app client with a secret: SECRET_HASH on SignUp, ConfirmSignUp, InitiateAuth,
    PASSWORD_VERIFIER and REFRESH_TOKEN_AUTH (pycognito adds it everywhere)."""
    client_id = local.server["client_id_with_secret"]
    client_secret = local.server["client_secret"]
    username = new_username("pys")
    email = f"{username}@example.com"
    password = new_password()
    cog = local.cognito(username, client_id=client_id, client_secret=client_secret)

    def sign_up():
        cog.set_base_attributes(email=email)
        cog.register(username, password)

    step(f"SECRET_HASH: pycognito register {username}", sign_up)
    step(
        "SECRET_HASH: confirm_sign_up with the outbox code",
        lambda: cog.confirm_sign_up(outbox_code(local.server, username, "sign_up"), username=username),
    )

    def sign_in():
        cog.authenticate(password=password)
        check_claims(cog, username, client_id, email=email)

    step("SECRET_HASH: pycognito authenticate (USER_SRP_AUTH)", sign_in)

    def refresh():
        cog.renew_access_token()
        check_claims(cog, username, client_id, email=email)

    step("SECRET_HASH: renew_access_token (REFRESH_TOKEN_AUTH)", refresh)

    def initiate(secret_hash):
        params = {"USERNAME": username, "PASSWORD": password}
        if secret_hash is not None:
            params["SECRET_HASH"] = secret_hash
        return local.user.initiate_auth(
            ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters=params
        )

    def right_hash():
        result = initiate(AWSSRP.get_secret_hash(username, client_id, client_secret))
        local.verify_result(result, username, client_id=client_id)

    step("SECRET_HASH: USER_PASSWORD_AUTH with the right hash", right_hash)
    step(
        "SECRET_HASH: missing hash is refused",
        lambda: expect_client_error(lambda: initiate(None), ("NotAuthorizedException",), "no SECRET_HASH"),
    )
    step(
        "SECRET_HASH: wrong hash is refused",
        lambda: expect_client_error(
            lambda: initiate(AWSSRP.get_secret_hash(username, client_id, client_secret + "x")),
            ("NotAuthorizedException",),
            "wrong SECRET_HASH",
        ),
    )


def admin_flow(local):
    """Control plane with SigV4 (boto3, the printed admin key) on the seeded pool."""
    admin = local.admin
    pool_id = local.pool_id

    created = new_username("pya")
    created_email = f"{created}@example.com"
    temporary, final = new_password(), new_password()

    def create_user():
        response = admin.admin_create_user(
            UserPoolId=pool_id,
            Username=created,
            TemporaryPassword=temporary,
            MessageAction="SUPPRESS",
            UserAttributes=[
                {"Name": "email", "Value": created_email},
                {"Name": "email_verified", "Value": "true"},
            ],
        )
        user = response["User"]
        if user.get("Username") != created or user.get("UserStatus") != "FORCE_CHANGE_PASSWORD":
            fail(f"AdminCreateUser answered Username={user.get('Username')} UserStatus={user.get('UserStatus')}")
        if attributes(user.get("Attributes")).get("email") != created_email:
            fail(f"AdminCreateUser answered attributes {user.get('Attributes')}")

    step(f"AdminCreateUser {created} with a temporary password", create_user)

    def new_password_required():
        first = local.user.initiate_auth(
            ClientId=local.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": created, "PASSWORD": temporary},
        )
        if first.get("ChallengeName") != "NEW_PASSWORD_REQUIRED":
            fail(f"ChallengeName is {first.get('ChallengeName')}, expected NEW_PASSWORD_REQUIRED")
        if not first.get("Session"):
            fail("NEW_PASSWORD_REQUIRED came without a Session")
        params = first.get("ChallengeParameters", {})
        # amazon-cognito-identity-js JSON.parses both (CognitoUser.authenticateUserInternal).
        for key in ("userAttributes", "requiredAttributes"):
            try:
                json.loads(params[key])
            except (KeyError, TypeError, json.JSONDecodeError) as err:
                fail(f"ChallengeParameters.{key} is not a JSON string ({err!r}): {params}")
        second = local.user.respond_to_auth_challenge(
            ClientId=local.client_id,
            ChallengeName="NEW_PASSWORD_REQUIRED",
            Session=first["Session"],
            ChallengeResponses={"USERNAME": created, "NEW_PASSWORD": final},
        )
        local.verify_result(second, created)

    step("USER_PASSWORD_AUTH with it → NEW_PASSWORD_REQUIRED → respond_to_auth_challenge", new_password_required)

    def get_user():
        status, user = admin_status(local, created)
        if status != "CONFIRMED" or user.get("Username") != created or user.get("Enabled") is not True:
            fail(f"AdminGetUser answered Username={user.get('Username')} UserStatus={status} Enabled={user.get('Enabled')}")
        if attributes(user.get("UserAttributes")).get("email") != created_email:
            fail(f"AdminGetUser answered attributes {user.get('UserAttributes')}")
        return status

    step("AdminGetUser", get_user)

    def list_users():
        response = admin.list_users(UserPoolId=pool_id, Filter=f'email = "{created_email}"')
        names = [u.get("Username") for u in response.get("Users", [])]
        if names != [created]:
            fail(f"ListUsers with email filter answered {names}, expected [{created}]")

    step("ListUsers with Filter email = \"…\"", list_users)
    step("SRP sign-in with the new password", lambda: local.cognito(created).authenticate(password=final))

    signed = new_username("pyc")
    signed_email = f"{signed}@example.com"
    password, password2 = new_password(), new_password()

    def sign_up():
        response = local.user.sign_up(
            ClientId=local.client_id,
            Username=signed,
            Password=password,
            UserAttributes=[{"Name": "email", "Value": signed_email}],
        )
        if response.get("UserConfirmed") is not False:
            fail(f"UserConfirmed is {response.get('UserConfirmed')}")
        status, _ = admin_status(local, signed)
        if status != "UNCONFIRMED":
            fail(f"UserStatus after SignUp is {status}, expected UNCONFIRMED")

    step(f"boto3 sign_up {signed} (UNCONFIRMED)", sign_up)
    step(
        "sign-in before confirmation is refused",
        lambda: srp_refused(local, signed, password, codes=("UserNotConfirmedException",)),
    )

    def confirm():
        admin.admin_confirm_sign_up(UserPoolId=pool_id, Username=signed)
        status, _ = admin_status(local, signed)
        if status != "CONFIRMED":
            fail(f"UserStatus after AdminConfirmSignUp is {status}")
        local.cognito(signed).authenticate(password=password)

    step("AdminConfirmSignUp, then SRP sign-in", confirm)

    def set_password():
        admin.admin_set_user_password(
            UserPoolId=pool_id, Username=signed, Password=password2, Permanent=True
        )
        local.cognito(signed).authenticate(password=password2)
        return srp_refused(local, signed, password)

    step("AdminSetUserPassword (Permanent): new works, old refused", set_password)

    def delete():
        admin.admin_delete_user(UserPoolId=pool_id, Username=signed)
        expect_client_error(
            lambda: admin.admin_get_user(UserPoolId=pool_id, Username=signed),
            ("UserNotFoundException",),
            "AdminGetUser after AdminDeleteUser",
        )
        # With PreventUserExistenceErrors on, Cognito answers NotAuthorizedException instead.
        return srp_refused(local, signed, password2, codes=("UserNotFoundException", "NotAuthorizedException"))

    step("AdminDeleteUser, then AdminGetUser and sign-in are refused", delete)


def pool_admin_flow(local):
    """CreateUserPool and CreateUserPoolClient with a secret, described, then used end to end:
    AdminCreateUser and pycognito's SRP NEW_PASSWORD_REQUIRED answer with SECRET_HASH, with the
    tokens checked against the new pool's own JWKS and issuer."""
    admin = local.admin
    pool_name = new_username("interop-pool-")
    state = {}
    flows = ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]

    def create_pool():
        pool = admin.create_user_pool(PoolName=pool_name)["UserPool"]
        pool_id = pool.get("Id", "")
        if not re.fullmatch(r"[\w-]+_[0-9a-zA-Z]+", pool_id) or not pool_id.startswith(local.region + "_"):
            fail(f"CreateUserPool answered Id {pool_id!r}, expected {local.region}_<alnum>")
        if pool.get("Name") != pool_name:
            fail(f"CreateUserPool answered Name {pool.get('Name')!r}")
        state["pool_id"] = pool_id
        return pool_id

    step(f"CreateUserPool {pool_name}", create_pool)

    def create_client():
        client = admin.create_user_pool_client(
            UserPoolId=state["pool_id"],
            ClientName="interop-secret",
            GenerateSecret=True,
            ExplicitAuthFlows=flows,
        )["UserPoolClient"]
        if not client.get("ClientId") or not client.get("ClientSecret"):
            fail(f"CreateUserPoolClient answered no ClientId or ClientSecret: {sorted(client)}")
        state["client_id"], state["client_secret"] = client["ClientId"], client["ClientSecret"]
        return client["ClientId"]

    step("CreateUserPoolClient GenerateSecret=True", create_client)

    def describe_pool():
        pool = admin.describe_user_pool(UserPoolId=state["pool_id"])["UserPool"]
        if pool.get("Id") != state["pool_id"] or pool.get("Name") != pool_name:
            fail(f"DescribeUserPool answered Id={pool.get('Id')} Name={pool.get('Name')}")

    step("DescribeUserPool", describe_pool)

    def describe_client():
        client = admin.describe_user_pool_client(
            UserPoolId=state["pool_id"], ClientId=state["client_id"]
        )["UserPoolClient"]
        if client.get("ClientId") != state["client_id"] or client.get("UserPoolId") != state["pool_id"]:
            fail(f"DescribeUserPoolClient answered ClientId={client.get('ClientId')} UserPoolId={client.get('UserPoolId')}")
        if client.get("ClientSecret") != state["client_secret"]:
            fail("DescribeUserPoolClient answered a different ClientSecret")
        missing = set(flows) - set(client.get("ExplicitAuthFlows") or [])
        if missing:
            fail(f"DescribeUserPoolClient ExplicitAuthFlows lacks {sorted(missing)}")

    step("DescribeUserPoolClient", describe_client)

    username = new_username("pyn")
    temporary, final = new_password(), new_password()

    def create_user():
        admin.admin_create_user(
            UserPoolId=state["pool_id"],
            Username=username,
            TemporaryPassword=temporary,
            MessageAction="SUPPRESS",
            UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"}],
        )

    step(f"AdminCreateUser {username} in the new pool", create_user)

    def srp_new_password():
        cog = local.cognito(
            username,
            pool_id=state["pool_id"],
            client_id=state["client_id"],
            client_secret=state["client_secret"],
        )
        # AWSSRP: InitiateAuth USER_SRP_AUTH, PASSWORD_VERIFIER, then NEW_PASSWORD_REQUIRED with
        # the Session; SECRET_HASH on each.
        cog.new_password_challenge(temporary, final)
        check_claims(cog, username, state["client_id"])
        cog.authenticate(password=final)
        check_claims(cog, username, state["client_id"])
        return f"iss {cog.id_claims.get('iss')}"

    step("pycognito new_password_challenge (SRP + SECRET_HASH), then authenticate", srp_new_password)


def auth_refusals(local):
    """Control-plane calls without the right SigV4 key are refused."""
    server = local.server
    wrong_secret = local.boto_client(
        aws_access_key_id=server["admin_access_key_id"],
        aws_secret_access_key=server["admin_secret_access_key"] + "x",
    )
    step(
        "admin call with a wrong secret key is refused",
        lambda: expect_client_error(
            lambda: wrong_secret.describe_user_pool(UserPoolId=local.pool_id),
            ("InvalidSignatureException",),
            "DescribeUserPool signed with a wrong secret",
        ),
    )
    unknown_key = local.boto_client(
        aws_access_key_id="AKIAUNKNOWNINTEROP00",
        aws_secret_access_key=server["admin_secret_access_key"],
    )
    step(
        "admin call with an unknown access key is refused",
        lambda: expect_client_error(
            lambda: unknown_key.list_users(UserPoolId=local.pool_id),
            ("UnrecognizedClientException", "InvalidSignatureException"),
            "ListUsers signed with an unknown key id",
        ),
    )

    def unsigned():
        client = local.boto_client(
            config=local.config.merge(Config(signature_version=UNSIGNED))
        )
        try:
            client.admin_get_user(UserPoolId=local.pool_id, Username="nobody")
        except ClientError as err:
            status = err.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
            if not 400 <= status < 500:
                fail(f"unsigned AdminGetUser refused with HTTP {status}, expected 4xx: {describe(err)}")
            return describe(err)
        fail("unsigned AdminGetUser succeeded")

    step("unsigned admin call is refused", unsigned)


def _watchdog(_signum, _frame):
    print(
        f"FAIL: python interop flow did not finish within {WATCHDOG_SECONDS} s "
        f"(step {_step_number + 1} hung)",
        file=sys.stderr,
        flush=True,
    )
    os._exit(1)


def main():
    if hasattr(signal, "SIGALRM"):
        signal.signal(signal.SIGALRM, _watchdog)
        signal.alarm(WATCHDOG_SECONDS)
    try:
        local = Local(read_server())
        user_flow(local)
        secret_hash_flow(local)
        admin_flow(local)
        pool_admin_flow(local)
        auth_refusals(local)
    except StepFailure as err:
        print(f"FAIL: {err}", file=sys.stderr, flush=True)
        return 1
    print(f"all {_step_number} steps passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

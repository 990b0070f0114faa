#!/usr/bin/env python3
"""Drives boto3 through every support-staff call `cogtui admin` makes, against the local pool:
ListUsers with filters and pages, AdminGetUser (MFA), AdminUserGlobalSignOut,
AdminResetUserPassword (then ConfirmForgotPassword), AdminDisableUser / AdminEnableUser and
AdminSetUserMFAPreference, each also on a user that does not exist.

Input: env COGTUI_LOCAL, the JSON line `cogtui local serve` prints first.
Output: one line per step; exit 0 when every step passed, 1 with the reason otherwise.
Shares its helpers with flow.py (same directory).
"""

import signal
import sys

from flow import (  # noqa: E402  (flow.py clears the AWS profile variables on import)
    WATCHDOG_SECONDS,
    Local,
    StepFailure,
    _watchdog,
    attributes,
    expect_client_error,
    fail,
    new_password,
    new_username,
    outbox_code,
    read_server,
    srp_refused,
    step,
)
import flow  # noqa: E402


def signed_up(local, prefix):
    username = new_username(prefix)
    email = f"{username}@example.com"
    password = new_password()
    local.user.sign_up(
        ClientId=local.client_id,
        Username=username,
        Password=password,
        UserAttributes=[{"Name": "email", "Value": email}],
    )
    local.user.confirm_sign_up(
        ClientId=local.client_id,
        Username=username,
        ConfirmationCode=outbox_code(local.server, username, "sign_up"),
    )
    return username, email, password


def password_sign_in(local, username, password):
    return local.user.initiate_auth(
        ClientId=local.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": password},
    )["AuthenticationResult"]


def support_flow(local):
    admin, pool_id = local.admin, local.pool_id
    username, email, password = signed_up(local, "sup")
    others = [signed_up(local, "pg") for _ in range(3)]

    def find():
        users = admin.list_users(UserPoolId=pool_id, Filter=f'email = "{email}"')["Users"]
        if [u["Username"] for u in users] != [username]:
            fail(f"email filter found {[u['Username'] for u in users]}")
        sub = attributes(users[0]["Attributes"])["sub"]
        by_sub = admin.list_users(UserPoolId=pool_id, Filter=f'sub = "{sub}"')["Users"]
        if [u["Username"] for u in by_sub] != [username]:
            fail(f"sub filter found {[u['Username'] for u in by_sub]}")
        by_name = admin.list_users(UserPoolId=pool_id, Filter=f'username="{username}"')["Users"]
        if len(by_name) != 1:
            fail(f"username filter (no spaces) found {len(by_name)}")
        return f"sub {sub}"

    step("ListUsers by email, sub and username (boto3, SigV4)", find)

    def pages():
        pager = admin.get_paginator("list_users")
        names = []
        for page in pager.paginate(
            UserPoolId=pool_id, Filter='email ^= "pg"', PaginationConfig={"PageSize": 2}
        ):
            names.extend(u["Username"] for u in page["Users"])
        want = sorted(o[0] for o in others)
        if sorted(names) != want or len(names) != len(set(names)):
            fail(f"paginated prefix filter gave {names}, expected {want}")
        return f"{len(names)} users"

    step("ListUsers paginator with a prefix filter, 2 a page", pages)

    step(
        "ListUsers with a bad filter is InvalidParameterException",
        lambda: expect_client_error(
            lambda: admin.list_users(UserPoolId=pool_id, Filter="email ~ nobody"),
            ("InvalidParameterException",),
            "ListUsers with a malformed filter",
        ),
    )

    def global_sign_out():
        tokens = password_sign_in(local, username, password)
        admin.admin_user_global_sign_out(UserPoolId=pool_id, Username=username)
        expect_client_error(
            lambda: local.user.initiate_auth(
                ClientId=local.client_id,
                AuthFlow="REFRESH_TOKEN_AUTH",
                AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]},
            ),
            ("NotAuthorizedException",),
            "refresh after AdminUserGlobalSignOut",
        )
        return expect_client_error(
            lambda: local.user.get_user(AccessToken=tokens["AccessToken"]),
            ("NotAuthorizedException",),
            "GetUser after AdminUserGlobalSignOut",
        )

    step("AdminUserGlobalSignOut revokes refresh and access tokens", global_sign_out)

    def disable_enable():
        admin.admin_disable_user(UserPoolId=pool_id, Username=username)
        user = admin.admin_get_user(UserPoolId=pool_id, Username=username)
        if user["Enabled"] is not False:
            fail(f"Enabled is {user['Enabled']} after AdminDisableUser")
        note = expect_client_error(
            lambda: password_sign_in(local, username, password),
            ("NotAuthorizedException",),
            "sign-in of a disabled user",
        )
        if "disabled" not in note:
            fail(f"sign-in of a disabled user said {note}")
        srp_refused(local, username, password)
        listed = admin.list_users(UserPoolId=pool_id, Filter='status = "Disabled"')["Users"]
        if username not in [u["Username"] for u in listed]:
            fail("a disabled user is not listed by status = \"Disabled\"")
        admin.admin_enable_user(UserPoolId=pool_id, Username=username)
        password_sign_in(local, username, password)
        return note

    step("AdminDisableUser refuses sign-in, AdminEnableUser allows it again", disable_enable)

    def mfa_reset():
        admin.admin_set_user_mfa_preference(
            UserPoolId=pool_id,
            Username=username,
            EmailMfaSettings={"Enabled": True, "PreferredMfa": True},
        )
        user = admin.admin_get_user(UserPoolId=pool_id, Username=username)
        if user.get("UserMFASettingList") != ["EMAIL_OTP"] or user.get("PreferredMfaSetting") != "EMAIL_OTP":
            fail(f"AdminGetUser MFA: {user.get('UserMFASettingList')} / {user.get('PreferredMfaSetting')}")
        admin.admin_set_user_mfa_preference(
            UserPoolId=pool_id,
            Username=username,
            EmailMfaSettings={"Enabled": False, "PreferredMfa": False},
        )
        user = admin.admin_get_user(UserPoolId=pool_id, Username=username)
        if user.get("UserMFASettingList") or user.get("PreferredMfaSetting"):
            fail(f"MFA still on after the reset: {user.get('UserMFASettingList')}")
        password_sign_in(local, username, password)

    step("AdminSetUserMFAPreference on, AdminGetUser shows it, off again", mfa_reset)

    def reset_password():
        admin.admin_reset_user_password(UserPoolId=pool_id, Username=username)
        status = admin.admin_get_user(UserPoolId=pool_id, Username=username)["UserStatus"]
        if status != "RESET_REQUIRED":
            fail(f"status is {status} after AdminResetUserPassword")
        srp_refused(local, username, password, codes=("PasswordResetRequiredException",))
        new = new_password()
        local.user.confirm_forgot_password(
            ClientId=local.client_id,
            Username=username,
            ConfirmationCode=outbox_code(local.server, username, "forgot_password"),
            Password=new,
        )
        local.cognito(username).authenticate(password=new)
        status = admin.admin_get_user(UserPoolId=pool_id, Username=username)["UserStatus"]
        if status != "CONFIRMED":
            fail(f"status is {status} after ConfirmForgotPassword")

    step(
        "AdminResetUserPassword: PasswordResetRequired, then ConfirmForgotPassword with the code",
        reset_password,
    )

    def missing_user():
        for name, call in [
            ("AdminGetUser", admin.admin_get_user),
            ("AdminUserGlobalSignOut", admin.admin_user_global_sign_out),
            ("AdminResetUserPassword", admin.admin_reset_user_password),
            ("AdminDisableUser", admin.admin_disable_user),
            ("AdminEnableUser", admin.admin_enable_user),
        ]:
            expect_client_error(
                lambda call=call: call(UserPoolId=pool_id, Username="nobody-" + new_username("x")),
                ("UserNotFoundException",),
                f"{name} of a user that does not exist",
            )

    step("every admin call on a missing user is UserNotFoundException", missing_user)


def main():
    if hasattr(signal, "SIGALRM"):
        signal.signal(signal.SIGALRM, _watchdog)
        signal.alarm(WATCHDOG_SECONDS)
    try:
        support_flow(Local(read_server()))
    except StepFailure as err:
        print(f"FAIL: {err}", file=sys.stderr, flush=True)
        return 1
    print(f"all {flow._step_number} steps passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

# UserMigration as a team writes it for Lambda: looks the user up in the old system.
OLD_USERS = {
    "olga": {"password": "Old-Passw0rd!", "email": "olga@example.com"},
    "omar": {"password": "Forgotten-1!", "email": "omar@example.com"},
}


def handler(event, context):
    user = OLD_USERS.get(event["userName"])
    if user is None:
        raise Exception("No such user in the old system")
    if event["triggerSource"] == "UserMigration_Authentication":
        if event["request"]["password"] != user["password"]:
            raise Exception("Bad password")
        event["response"]["finalUserStatus"] = "CONFIRMED"
    event["response"]["userAttributes"] = {"email": user["email"], "email_verified": "true"}
    event["response"]["messageAction"] = "SUPPRESS"
    return event

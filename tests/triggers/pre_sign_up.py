# A pre-sign-up handler as a team writes it for Lambda: only example.com may sign up, and
# those are confirmed at once.
def handler(event, context):
    email = event["request"]["userAttributes"].get("email", "")
    if not email.endswith("@example.com"):
        raise Exception("Sign-ups are open to example.com addresses only")
    event["response"]["autoConfirmUser"] = True
    event["response"]["autoVerifyEmail"] = True
    return event

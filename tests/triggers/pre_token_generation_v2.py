# A V2 pre-token-generation handler as a team writes it for Lambda.
def handler(event, context):
    print("adding the tier claim for", event["userName"])
    event["response"]["claimsAndScopeOverrideDetails"] = {
        "idTokenGeneration": {"claimsToAddOrOverride": {"tier": "gold"}},
        "accessTokenGeneration": {
            "claimsToAddOrOverride": {"tier": "gold", "roles": ["admin", "ops"]},
            "scopesToAdd": ["orders/read"],
        },
    }
    return event

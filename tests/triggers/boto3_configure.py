"""boto3 sets the local pool's triggers with UpdateUserPool (SigV4 with the admin key), as
docs/local-pool.md shows, and a sign-up runs the pre-sign-up handler.
Input: env COGTUI_LOCAL (JSON with endpoint, region, user_pool_id, client_id,
admin_access_key_id, admin_secret_access_key) and PRE_SIGN_UP (the cmd: value).
Output: one JSON line with the sign-up answer and the described LambdaConfig."""
import json
import os

import boto3

server = json.loads(os.environ["COGTUI_LOCAL"])
cognito = boto3.client(
    "cognito-idp",
    endpoint_url=server["endpoint"],
    region_name=server["region"],
    aws_access_key_id=server["admin_access_key_id"],
    aws_secret_access_key=server["admin_secret_access_key"],
)
cognito.update_user_pool(
    UserPoolId=server["user_pool_id"],
    AutoVerifiedAttributes=["email"],
    LambdaConfig={"PreSignUp": os.environ["PRE_SIGN_UP"]},
)
described = cognito.describe_user_pool(UserPoolId=server["user_pool_id"])["UserPool"]
answer = cognito.sign_up(
    ClientId=server["client_id"],
    Username="jo",
    Password="Passw0rd!x",
    UserAttributes=[{"Name": "email", "Value": "jo@example.com"}],
)
print(json.dumps({"UserConfirmed": answer["UserConfirmed"], "LambdaConfig": described["LambdaConfig"]}))

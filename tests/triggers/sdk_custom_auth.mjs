// AWS's amazon-cognito-identity-js signs in with CUSTOM_AUTH against the local pool, whose
// triggers are the handler files beside this script. MODE=custom: initiateAuth with the
// username only, then the custom challenge; MODE=srp: authenticateUser (SRP_A, the password
// verifier, then the custom challenge), as Amplify's CUSTOM_WITH_SRP does.
// Input: env COGTUI_LOCAL (JSON with endpoint, user_pool_id, client_id), USERNAME, PASSWORD,
// MODE. Output: one JSON line {challenges, username} from the ID token; exit 1 on failure.
import { createRequire } from 'node:module';
import process from 'node:process';

const require = createRequire(new URL('../interop/node/package.json', import.meta.url));
const { AuthenticationDetails, CognitoUser, CognitoUserPool } = require('amazon-cognito-identity-js');

const server = JSON.parse(process.env.COGTUI_LOCAL);
const pool = new CognitoUserPool({
	UserPoolId: server.user_pool_id,
	ClientId: server.client_id,
	endpoint: server.endpoint,
});
const user = new CognitoUser({ Username: process.env.USERNAME, Pool: pool });
user.setAuthenticationFlowType('CUSTOM_AUTH');
const challenges = [];

const session = await new Promise((resolve, reject) => {
	const callbacks = {
		onSuccess: resolve,
		onFailure: reject,
		customChallenge(params) {
			challenges.push(params);
			// In custom mode a wrong answer first, then the right one (the handler allows three
			// tries); after the password (srp mode) the handler allows one, so the right one.
			const wrong = process.env.MODE !== 'srp' && challenges.length === 1;
			user.sendCustomChallengeAnswer(wrong ? 'green' : 'blue', callbacks);
		},
	};
	const details = new AuthenticationDetails({
		Username: process.env.USERNAME,
		Password: process.env.PASSWORD,
	});
	if (process.env.MODE === 'srp') {
		user.authenticateUser(details, callbacks);
	} else {
		user.initiateAuth(details, callbacks);
	}
}).catch((err) => {
	console.error(`sign-in failed: ${err && (err.code || err.name)}: ${err && err.message}`);
	process.exit(1);
});

const claims = session.getIdToken().decodePayload();
console.log(JSON.stringify({ challenges, username: claims['cognito:username'] }));

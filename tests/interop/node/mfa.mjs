// TOTP MFA with AWS's own amazon-cognito-identity-js against cogtui's local pool: enrolment
// (associateSoftwareToken, verifySoftwareToken, setUserMfaPreference) and a sign-in answered
// with sendMFACode, the codes computed by this script's own RFC 6238 implementation (node's
// crypto), independent of cogtui's. It also checks a code cogtui computed (COGTUI_TOTP_CHECK)
// against this implementation.
//
// Input: env COGTUI_LOCAL ({endpoint, user_pool_id, client_id}), the pool's MFA set to
// OPTIONAL with software tokens allowed; env COGTUI_TOTP_CHECK ({secret, time, code}).
// Output: one line per step; exit 0 when every step passed.

import crypto from 'node:crypto';
import process from 'node:process';
import cognito from 'amazon-cognito-identity-js';
import { fail, midStep, now, step, totp } from './support.mjs';

const { AuthenticationDetails, CognitoUser, CognitoUserAttribute, CognitoUserPool } = cognito;

async function outboxCode(endpoint, username) {
	const resp = await fetch(`${endpoint}/_local/outbox?username=${encodeURIComponent(username)}`);
	const entries = await resp.json();
	const e = entries.filter((x) => x.purpose === 'sign_up').pop();
	if (!e) fail(`no sign-up code for ${username}`);
	return e.code;
}

function authenticate(pool, username, password, onTotp) {
	const user = new CognitoUser({ Username: username, Pool: pool });
	return new Promise((resolve, reject) => {
		const callbacks = {
			onSuccess: (session) => resolve({ user, session }),
			onFailure: reject,
			totpRequired: (name) => {
				if (!onTotp) return reject(new Error(`unexpected ${name}`));
				user.sendMFACode(onTotp(), callbacks, 'SOFTWARE_TOKEN_MFA');
			},
			mfaRequired: (name) => reject(new Error(`unexpected ${name}`)),
			newPasswordRequired: () => reject(new Error('unexpected NEW_PASSWORD_REQUIRED')),
		};
		user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), callbacks);
	});
}

async function main() {
	const server = JSON.parse(process.env.COGTUI_LOCAL || fail('COGTUI_LOCAL is not set'));
	const check = JSON.parse(process.env.COGTUI_TOTP_CHECK || fail('COGTUI_TOTP_CHECK is not set'));
	const pool = new CognitoUserPool({
		UserPoolId: server.user_pool_id,
		ClientId: server.client_id,
		endpoint: server.endpoint,
	});
	const username = `mfa${crypto.randomBytes(5).toString('hex')}`;
	const password = `Pw-${crypto.randomBytes(9).toString('base64url')}a7Z!`;

	await step('this implementation matches RFC 6238 and accepts a code cogtui computed', () => {
		// RFC 6238 appendix B, SHA-1 key "12345678901234567890", T = 59 → 94287082 → 287082.
		if (totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 59) !== '287082') fail('RFC 6238 vector');
		const mine = totp(check.secret, check.time);
		if (mine !== check.code) fail(`cogtui computed ${check.code}, this implementation ${mine}`);
		return `code ${mine}`;
	});

	await step(`signUp and confirm ${username}`, async () => {
		await new Promise((resolve, reject) =>
			pool.signUp(username, password, [new CognitoUserAttribute({ Name: 'email', Value: `${username}@example.com` })], null,
				(err, r) => (err ? reject(err) : resolve(r))),
		);
		const code = await outboxCode(server.endpoint, username);
		const user = new CognitoUser({ Username: username, Pool: pool });
		await new Promise((resolve, reject) => user.confirmRegistration(code, true, (err, r) => (err ? reject(err) : resolve(r))));
	});

	let secret;
	const { user } = await authenticate(pool, username, password);
	await step('associateSoftwareToken', () =>
		new Promise((resolve, reject) =>
			user.associateSoftwareToken({
				associateSecretCode: (code) => {
					secret = code;
					resolve(`${code.length} base32 characters`);
				},
				onFailure: reject,
			}),
		),
	);
	await step('verifySoftwareToken with this implementation\'s code', async () => {
		await midStep();
		// The previous step's code: accepted (one step of slack), and it leaves the current
		// step's code unused for the sign-in below.
		const code = totp(secret, now() - 30);
		await new Promise((resolve, reject) =>
			user.verifySoftwareToken(code, 'node', { onSuccess: resolve, onFailure: reject }),
		);
	});
	await step('setUserMfaPreference: TOTP on and preferred', () =>
		new Promise((resolve, reject) =>
			user.setUserMfaPreference(null, { PreferredMfa: true, Enabled: true }, (err, r) => (err ? reject(err) : resolve(r))),
		),
	);
	await step('a wrong code is refused', async () => {
		try {
			await authenticate(pool, username, password, () => '000000');
		} catch (err) {
			if (err.code === 'CodeMismatchException') return 'CodeMismatchException';
			throw err;
		}
		fail('a wrong code signed in');
	});
	await step('authenticateUser asks for the TOTP code; sendMFACode signs in', async () => {
		const { session } = await authenticate(pool, username, password, () => totp(secret, now()));
		if (!session.isValid()) fail('the session is not valid');
		return 'tokens issued';
	});
}

main().then(
	() => process.exit(0),
	(err) => {
		console.error(`FAIL: ${(err && err.stack) || err}`);
		process.exit(1);
	},
);

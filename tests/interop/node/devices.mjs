// Remembered devices with AWS's own amazon-cognito-identity-js against cogtui's local pool.
//
// User A: the SDK signs in (it confirms the device the pool offers by itself), enrols TOTP,
// marks the device remembered (setDeviceStatusRemembered) and signs in again: the pool answers
// with DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER, checked with real SRP, and no MFA is asked.
// A's device secrets are printed (`SDK_DEVICE {json}`) so cogtui's client maths can sign in
// with them.
// User B: a device cogtui remembered (its secrets in env COGTUI_DEVICE) is put into the SDK's
// storage, and the SDK signs in with it: cogtui's ConfirmDevice verifier works for the SDK's
// device SRP, and B (email MFA on) is not asked for a code.
//
// Input: env COGTUI_LOCAL ({endpoint, user_pool_id, client_id}), COGTUI_USERS ({a, b,
// password}), COGTUI_DEVICE ({device_key, device_group_key, device_password}).
// Output: one line per step; exit 0 when every step passed.

import process from 'node:process';
import cognito from 'amazon-cognito-identity-js';
import { fail, midStep, now, step, totp } from './support.mjs';

const { AuthenticationDetails, CognitoUser, CognitoUserPool } = cognito;

/// A storage object as the SDK takes it (`Storage`), backed by a Map.
function mapStorage(entries = {}) {
	const m = new Map(Object.entries(entries));
	return {
		setItem: (k, v) => m.set(k, String(v)),
		getItem: (k) => (m.has(k) ? m.get(k) : null),
		removeItem: (k) => m.delete(k),
		clear: () => m.clear(),
	};
}

/// Signs in; any MFA prompt fails the sign-in unless `onTotp` answers it. Resolves with the user,
/// the session and UserConfirmationNecessary.
function authenticate(pool, username, password, storage, onTotp) {
	const user = new CognitoUser({ Username: username, Pool: pool, Storage: storage });
	return new Promise((resolve, reject) => {
		const callbacks = {
			onSuccess: (session, confirmationNecessary) => resolve({ user, session, confirmationNecessary }),
			onFailure: reject,
			totpRequired: (name) => {
				if (!onTotp) return reject(new Error(`MFA asked (${name}) although the device is remembered`));
				user.sendMFACode(onTotp(), callbacks, 'SOFTWARE_TOKEN_MFA');
			},
			mfaRequired: (name) => reject(new Error(`MFA asked (${name}) although the device is remembered`)),
			selectMFAType: () => reject(new Error('unexpected SELECT_MFA_TYPE')),
			mfaSetup: () => reject(new Error('unexpected MFA_SETUP')),
			newPasswordRequired: () => reject(new Error('unexpected NEW_PASSWORD_REQUIRED')),
		};
		user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), callbacks);
	});
}

async function main() {
	const server = JSON.parse(process.env.COGTUI_LOCAL || fail('COGTUI_LOCAL is not set'));
	const users = JSON.parse(process.env.COGTUI_USERS || fail('COGTUI_USERS is not set'));
	const cogtuiDevice = JSON.parse(process.env.COGTUI_DEVICE || fail('COGTUI_DEVICE is not set'));
	const pool = new CognitoUserPool({
		UserPoolId: server.user_pool_id,
		ClientId: server.client_id,
		endpoint: server.endpoint,
	});
	// Every call the SDK makes, with its challenge, to see which steps the sign-ins took.
	const calls = [];
	const request = pool.client.request.bind(pool.client);
	pool.client.request = (op, params, cb) => {
		calls.push(params.ChallengeName ? `${op}:${params.ChallengeName}` : op);
		return request(op, params, cb);
	};

	const storageA = mapStorage();
	let userA;
	await step(`${users.a}: authenticateUser confirms the offered device (ConfirmDevice)`, async () => {
		const r = await authenticate(pool, users.a, users.password, storageA);
		userA = r.user;
		if (!calls.includes('ConfirmDevice')) fail(`no ConfirmDevice in ${calls}`);
		if (r.confirmationNecessary !== true) fail('the opt-in pool should ask for confirmation');
		return `UserConfirmationNecessary ${r.confirmationNecessary}`;
	});
	let secret;
	await step('TOTP enrolled and preferred', async () => {
		await new Promise((resolve, reject) =>
			userA.associateSoftwareToken({
				associateSecretCode: (code) => {
					secret = code;
					resolve();
				},
				onFailure: reject,
			}),
		);
		await midStep();
		await new Promise((resolve, reject) =>
			userA.verifySoftwareToken(totp(secret, now() - 30), 'node', { onSuccess: resolve, onFailure: reject }),
		);
		await new Promise((resolve, reject) =>
			userA.setUserMfaPreference(null, { PreferredMfa: true, Enabled: true }, (err, r) => (err ? reject(err) : resolve(r))),
		);
	});
	await step('setDeviceStatusRemembered', () =>
		new Promise((resolve, reject) =>
			userA.setDeviceStatusRemembered({ onSuccess: resolve, onFailure: reject }),
		),
	);
	await step('the next sign-in uses DEVICE_SRP_AUTH and asks for no MFA code', async () => {
		calls.length = 0;
		const r = await authenticate(pool, users.a, users.password, storageA);
		if (!r.session.isValid()) fail('the session is not valid');
		for (const c of ['RespondToAuthChallenge:DEVICE_SRP_AUTH', 'RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER']) {
			if (!calls.includes(c)) fail(`no ${c} in ${calls}`);
		}
		return calls.join(' → ');
	});
	await step('a wrong device password is refused', async () => {
		const key = `CognitoIdentityServiceProvider.${server.client_id}.${users.a}.randomPasswordKey`;
		const right = storageA.getItem(key);
		storageA.setItem(key, Buffer.from('not the device password').toString('base64'));
		try {
			await authenticate(pool, users.a, users.password, storageA);
		} catch (err) {
			storageA.setItem(key, right);
			if (err.code === 'NotAuthorizedException') return err.message;
			throw err;
		}
		fail('a wrong device password signed in');
	});
	const prefix = `CognitoIdentityServiceProvider.${server.client_id}.${users.a}`;
	console.log(`SDK_DEVICE ${JSON.stringify({
		device_key: storageA.getItem(`${prefix}.deviceKey`),
		device_group_key: storageA.getItem(`${prefix}.deviceGroupKey`),
		device_password: storageA.getItem(`${prefix}.randomPasswordKey`),
	})}`);

	await step(`${users.b}: the SDK signs in with the device cogtui remembered, no MFA`, async () => {
		const p = `CognitoIdentityServiceProvider.${server.client_id}.${users.b}`;
		const storageB = mapStorage({
			[`${p}.deviceKey`]: cogtuiDevice.device_key,
			[`${p}.deviceGroupKey`]: cogtuiDevice.device_group_key,
			[`${p}.randomPasswordKey`]: cogtuiDevice.device_password,
		});
		calls.length = 0;
		const r = await authenticate(pool, users.b, users.password, storageB);
		if (!r.session.isValid()) fail('the session is not valid');
		if (!calls.includes('RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER')) fail(`no device SRP in ${calls}`);
		return calls.join(' → ');
	});
}

main().then(
	() => process.exit(0),
	(err) => {
		console.error(`FAIL: ${(err && err.stack) || err}`);
		process.exit(1);
	},
);

// Drives AWS's own amazon-cognito-identity-js against cogtui's local pool.
//
// Input: env COGTUI_LOCAL, the JSON line `cogtui local serve` prints first.
// Output: one line per step; exit 0 when every step passed, 1 with the reason otherwise.
// Node's built-in crypto checks the token signatures: no package beyond the SDK.

import crypto from 'node:crypto';
import process from 'node:process';
import cognito from 'amazon-cognito-identity-js';

const {
	AuthenticationDetails,
	CognitoUser,
	CognitoUserAttribute,
	CognitoUserPool,
} = cognito;

const WATCHDOG_MS = 120_000;

class StepFailure extends Error {}

function fail(message) {
	throw new StepFailure(message);
}

function describeError(err) {
	if (err == null) return String(err);
	const code = err.code || err.name || 'Error';
	return `${code}: ${err.message}`;
}

let stepNumber = 0;
async function step(name, fn) {
	stepNumber += 1;
	const started = Date.now();
	try {
		const note = await fn();
		const suffix = note ? ` (${note})` : '';
		console.log(`ok ${stepNumber} - ${name}${suffix} [${Date.now() - started} ms]`);
	} catch (err) {
		const reason = err instanceof StepFailure ? err.message : describeError(err);
		console.log(`not ok ${stepNumber} - ${name}: ${reason}`);
		throw new StepFailure(`step ${stepNumber} "${name}" failed: ${reason}`);
	}
}

function readServer() {
	const raw = process.env.COGTUI_LOCAL;
	if (!raw) {
		fail('COGTUI_LOCAL is not set: run `cogtui local serve` and pass its first stdout line');
	}
	let server;
	try {
		server = JSON.parse(raw);
	} catch (err) {
		fail(`COGTUI_LOCAL is not JSON (${err.message}): ${raw.slice(0, 200)}`);
	}
	for (const key of ['endpoint', 'region', 'user_pool_id', 'client_id']) {
		if (typeof server[key] !== 'string' || server[key] === '') {
			fail(`COGTUI_LOCAL has no string field "${key}": ${raw.slice(0, 200)}`);
		}
	}
	return server;
}

function randomSuffix() {
	return crypto.randomBytes(6).toString('hex');
}

// Meets Cognito's default policy: 8+ characters, upper, lower, digit, symbol.
function newPassword() {
	return `Pw-${crypto.randomBytes(9).toString('base64url')}a7Z!`;
}

async function getJson(url) {
	const resp = await fetch(url, { headers: { accept: 'application/json' } });
	const text = await resp.text();
	if (!resp.ok) fail(`GET ${url} answered HTTP ${resp.status}: ${text.slice(0, 300)}`);
	try {
		return JSON.parse(text);
	} catch (err) {
		fail(`GET ${url} answered non-JSON (${err.message}): ${text.slice(0, 300)}`);
	}
	return undefined;
}

function sentAtKey(value) {
	if (typeof value === 'number') return value;
	const parsed = Date.parse(value);
	return Number.isNaN(parsed) ? 0 : parsed;
}

async function outboxCode(endpoint, username, purpose) {
	const entries = await getJson(`${endpoint}/_local/outbox`);
	if (!Array.isArray(entries)) fail(`outbox is not a JSON array: ${JSON.stringify(entries).slice(0, 300)}`);
	const matching = entries
		.map((entry, index) => ({ entry, index }))
		.filter(({ entry }) => entry.username === username && entry.purpose === purpose);
	if (matching.length === 0) {
		fail(`no outbox entry for username=${username} purpose=${purpose} among ${entries.length} entries`);
	}
	matching.sort(
		(a, b) => sentAtKey(a.entry.sent_at) - sentAtKey(b.entry.sent_at) || a.index - b.index,
	);
	const { code } = matching[matching.length - 1].entry;
	if (typeof code !== 'string' || code === '') fail(`outbox entry for ${username} has no code`);
	return code;
}

function b64urlJson(part, what) {
	try {
		return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
	} catch (err) {
		fail(`${what} is not base64url JSON: ${err.message}`);
	}
	return undefined;
}

let jwksCache = null;
async function jwks(server) {
	if (!jwksCache) {
		jwksCache = await getJson(`${server.endpoint}/${server.user_pool_id}/.well-known/jwks.json`);
		if (!Array.isArray(jwksCache.keys) || jwksCache.keys.length === 0) {
			fail(`JWKS has no keys: ${JSON.stringify(jwksCache).slice(0, 300)}`);
		}
	}
	return jwksCache;
}

// Checks a token the way AWS documents for Cognito JWTs: RS256 signature by a key of the pool's
// JWKS, then iss, token_use, aud (ID) or client_id (access), exp.
async function verifyToken(server, token, tokenUse, expected) {
	const parts = token.split('.');
	if (parts.length !== 3) fail(`${tokenUse} token has ${parts.length} parts, not 3`);
	const header = b64urlJson(parts[0], `${tokenUse} token header`);
	const payload = b64urlJson(parts[1], `${tokenUse} token payload`);
	if (header.alg !== 'RS256') fail(`${tokenUse} token alg is ${header.alg}, not RS256`);
	const { keys } = await jwks(server);
	const jwk = keys.find((k) => k.kid === header.kid);
	if (!jwk) fail(`${tokenUse} token kid ${header.kid} is not in the JWKS (kids: ${keys.map((k) => k.kid).join(', ')})`);
	const publicKey = crypto.createPublicKey({ key: jwk, format: 'jwk' });
	const valid = crypto.verify(
		'RSA-SHA256',
		Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii'),
		publicKey,
		Buffer.from(parts[2], 'base64url'),
	);
	if (!valid) fail(`${tokenUse} token signature does not verify against JWKS key ${header.kid}`);

	const issuer = `${server.endpoint}/${server.user_pool_id}`;
	if (payload.iss !== issuer) fail(`${tokenUse} token iss is ${payload.iss}, expected ${issuer}`);
	if (payload.token_use !== tokenUse) fail(`${tokenUse} token has token_use ${payload.token_use}`);
	if (tokenUse === 'id' && payload.aud !== expected.clientId) {
		fail(`id token aud is ${payload.aud}, expected ${expected.clientId}`);
	}
	if (tokenUse === 'access' && payload.client_id !== expected.clientId) {
		fail(`access token client_id is ${payload.client_id}, expected ${expected.clientId}`);
	}
	const now = Math.floor(Date.now() / 1000);
	if (typeof payload.exp !== 'number' || payload.exp <= now) {
		fail(`${tokenUse} token exp ${payload.exp} is not a future epoch second (now ${now})`);
	}
	if (typeof payload.iat === 'number' && payload.iat > now + 300) {
		fail(`${tokenUse} token iat ${payload.iat} is in the future (now ${now})`);
	}
	if (tokenUse === 'id') {
		if (payload['cognito:username'] !== expected.username) {
			fail(`id token cognito:username is ${payload['cognito:username']}, expected ${expected.username}`);
		}
		if (payload.email !== expected.email) fail(`id token email is ${payload.email}, expected ${expected.email}`);
	} else if (payload.username !== expected.username) {
		fail(`access token username is ${payload.username}, expected ${expected.username}`);
	}
	if (typeof payload.sub !== 'string' || payload.sub === '') fail(`${tokenUse} token has no sub`);
	return payload;
}

async function verifySession(server, session, expected) {
	if (!session.isValid()) fail('the SDK says the new session is not valid');
	const id = await verifyToken(server, session.getIdToken().getJwtToken(), 'id', expected);
	await verifyToken(server, session.getAccessToken().getJwtToken(), 'access', expected);
	if (!session.getRefreshToken().getToken()) fail('the session has no refresh token');
	return id;
}

function signUp(pool, username, password, email) {
	return new Promise((resolve, reject) => {
		const attributes = [new CognitoUserAttribute({ Name: 'email', Value: email })];
		pool.signUp(username, password, attributes, null, (err, result) =>
			err ? reject(err) : resolve(result),
		);
	});
}

function confirmRegistration(user, code) {
	return new Promise((resolve, reject) => {
		user.confirmRegistration(code, true, (err, result) => (err ? reject(err) : resolve(result)));
	});
}

function unexpectedChallenge(reject, name) {
	return (...args) => reject(new StepFailure(`unexpected ${name} challenge: ${JSON.stringify(args)}`));
}

// The SDK's default flow is USER_SRP_AUTH: InitiateAuth, then PASSWORD_VERIFIER.
function authenticate(pool, loginName, password) {
	const user = new CognitoUser({ Username: loginName, Pool: pool });
	const details = new AuthenticationDetails({ Username: loginName, Password: password });
	return new Promise((resolve, reject) => {
		user.authenticateUser(details, {
			onSuccess: (session) => resolve({ user, session }),
			onFailure: reject,
			newPasswordRequired: unexpectedChallenge(reject, 'NEW_PASSWORD_REQUIRED'),
			mfaRequired: unexpectedChallenge(reject, 'SMS_MFA'),
			totpRequired: unexpectedChallenge(reject, 'SOFTWARE_TOKEN_MFA'),
			selectMFAType: unexpectedChallenge(reject, 'SELECT_MFA_TYPE'),
			mfaSetup: unexpectedChallenge(reject, 'MFA_SETUP'),
			customChallenge: unexpectedChallenge(reject, 'CUSTOM_CHALLENGE'),
		});
	});
}

async function expectRefused(pool, loginName, password, expectedCode) {
	let outcome;
	try {
		await authenticate(pool, loginName, password);
		outcome = null;
	} catch (err) {
		outcome = err;
	}
	if (outcome === null) fail('sign-in succeeded but must be refused');
	if (outcome instanceof StepFailure) throw outcome;
	if (outcome.code !== expectedCode) {
		fail(`refused with ${describeError(outcome)}, expected ${expectedCode}`);
	}
	return `${outcome.code}: ${outcome.message}`;
}

function refreshSession(user, refreshToken) {
	return new Promise((resolve, reject) => {
		user.refreshSession(refreshToken, (err, session) => (err ? reject(err) : resolve(session)));
	});
}

function changePassword(user, oldPassword, newPasswordValue) {
	return new Promise((resolve, reject) => {
		user.changePassword(oldPassword, newPasswordValue, (err, result) =>
			err ? reject(err) : resolve(result),
		);
	});
}

async function main() {
	const server = readServer();
	const pool = new CognitoUserPool({
		UserPoolId: server.user_pool_id,
		ClientId: server.client_id,
		endpoint: server.endpoint,
	});
	const username = `node${randomSuffix()}`;
	const email = `${username}@example.com`;
	const password = newPassword();
	const password2 = newPassword();
	const expected = { username, email, clientId: server.client_id };
	let signedUp;
	let session;
	let user;

	await step(`signUp ${username} with email ${email}`, async () => {
		signedUp = await signUp(pool, username, password, email);
		if (signedUp.userConfirmed !== false) fail(`UserConfirmed is ${signedUp.userConfirmed}, expected false`);
		if (!signedUp.userSub) fail('SignUp answered no UserSub');
		return `sub ${signedUp.userSub}`;
	});

	await step('confirmRegistration with the code from the outbox', async () => {
		const code = await outboxCode(server.endpoint, username, 'sign_up');
		const result = await confirmRegistration(signedUp.user, code);
		return result;
	});

	await step('authenticateUser by username (USER_SRP_AUTH)', async () => {
		({ user, session } = await authenticate(pool, username, password));
		if (user.getUsername() !== username) fail(`SDK username is ${user.getUsername()}`);
	});

	await step('ID and access tokens verify against the served JWKS', async () => {
		const id = await verifySession(server, session, expected);
		if (id.sub !== signedUp.userSub) fail(`id token sub ${id.sub} is not the SignUp UserSub ${signedUp.userSub}`);
		return `iss ${id.iss}`;
	});

	await step('authenticateUser by email alias (USER_SRP_AUTH)', async () => {
		const byEmail = await authenticate(pool, email, password);
		// The SDK takes USER_ID_FOR_SRP from the challenge as the user's name from here on.
		if (byEmail.user.getUsername() !== username) {
			fail(`after alias sign-in the SDK's username is ${byEmail.user.getUsername()}, expected ${username} (USER_ID_FOR_SRP)`);
		}
		await verifySession(server, byEmail.session, expected);
	});

	await step('refreshSession with the refresh token (REFRESH_TOKEN_AUTH)', async () => {
		const refreshed = await refreshSession(user, session.getRefreshToken());
		await verifySession(server, refreshed, expected);
		session = refreshed;
	});

	await step('changePassword', async () => {
		const result = await changePassword(user, password, password2);
		if (result !== 'SUCCESS') fail(`changePassword answered ${result}`);
	});

	await step('authenticateUser with the new password', async () => {
		const again = await authenticate(pool, username, password2);
		await verifySession(server, again.session, expected);
	});

	await step('authenticateUser with the old password is refused', () =>
		expectRefused(pool, username, password, 'NotAuthorizedException'),
	);

	await step('authenticateUser with a wrong password is refused', () =>
		expectRefused(pool, username, `${password2}x`, 'NotAuthorizedException'),
	);

	console.log(`all ${stepNumber} steps passed`);
}

const watchdog = setTimeout(() => {
	console.error(`FAIL: node interop flow did not finish within ${WATCHDOG_MS / 1000} s (step ${stepNumber + 1} hung)`);
	process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();

main().then(
	() => process.exit(0),
	(err) => {
		const reason = err instanceof StepFailure ? err.message : (err && err.stack) || String(err);
		console.error(`FAIL: ${reason}`);
		process.exit(1);
	},
);

// What the amazon-cognito-identity-js scripts (mfa.mjs, devices.mjs) share: numbered steps
// that print `ok N - name` or `not ok N - name: why`, and RFC 4648 base32 with RFC 6238 TOTP
// (SHA-1, 6 digits, 30 s) written here from the RFCs with node's crypto, independent of
// cogtui's own.

import crypto from 'node:crypto';

export function fail(message) {
	throw new Error(message);
}

let n = 0;
export async function step(name, fn) {
	n += 1;
	try {
		const note = await fn();
		console.log(`ok ${n} - ${name}${note ? ` (${note})` : ''}`);
	} catch (err) {
		console.log(`not ok ${n} - ${name}: ${err && (err.code || err.name)}: ${err && err.message}`);
		throw err;
	}
}

export function base32Decode(text) {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = 0;
	let value = 0;
	const out = [];
	for (const c of text.replace(/[\s=-]/g, '').toUpperCase()) {
		const i = alphabet.indexOf(c);
		if (i < 0) fail(`not base32: ${c}`);
		value = (value << 5) | i;
		bits += 5;
		if (bits >= 8) {
			out.push((value >>> (bits - 8)) & 0xff);
			bits -= 8;
		}
	}
	return Buffer.from(out);
}

export function totp(secretB32, unixSeconds) {
	const counter = Buffer.alloc(8);
	counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
	const mac = crypto.createHmac('sha1', base32Decode(secretB32)).update(counter).digest();
	const offset = mac[19] & 0x0f;
	const bin = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
	return String(bin % 1_000_000).padStart(6, '0');
}

export const now = () => Date.now() / 1000;

export async function midStep() {
	while (30 - (now() % 30) < 3) await new Promise((r) => setTimeout(r, 200));
}

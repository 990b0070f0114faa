// A real browser on the local pool's Hosted UI: Debian's chromium, headless, driven by
// playwright-core over the DevTools protocol. It opens the authorize URL that
// `cogtui login --hosted-ui --no-browser` printed, keeps a screenshot of the login page, signs
// in, and follows the redirect to cogtui's loopback listener.
//
// Environment: AUTHORIZE_URL, USERNAME, PASSWORD, SCREENSHOT (a .png path), CHROMIUM (the
// executable, default /usr/bin/chromium). With SOCIAL=1 the URL names an identity provider:
// the local identity page is shown instead, and "Continue as …" is clicked (no password).

import { chromium } from 'playwright-core';
import { fail, step } from './support.mjs';

const need = (name) => process.env[name] || fail(`${name} is not set`);
const url = need('AUTHORIZE_URL');
const screenshot = need('SCREENSHOT');
const social = process.env.SOCIAL === '1';
const username = social ? '' : need('USERNAME');
const password = social ? '' : need('PASSWORD');

const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
	headless: true,
	// Root in a container has no user namespaces for chromium's sandbox.
	args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
try {
	const page = await browser.newPage();
	const landed = async () => {
		const text = await page.textContent('#message');
		if (!text.includes('You can close this tab')) fail(`the listener said: ${text}`);
		const q = new URL(page.url()).searchParams;
		if (!q.get('code') || !q.get('state')) fail('no code or state in the redirect');
	};
	if (social) {
		await step('the authorize URL shows the local identity page', async () => {
			await page.goto(url);
			await page.waitForSelector('#continue');
			if (!page.url().includes('/_local/idp?')) fail(`landed on ${page.url()}`);
			await page.screenshot({ path: screenshot, fullPage: true });
			return screenshot;
		});
		await step('continuing as the suggested identity lands on cogtui\'s loopback', async () => {
			await Promise.all([page.waitForURL(/\/callback\?/), page.click('#continue')]);
			await landed();
		});
	} else {
		await step('the authorize URL shows the login page', async () => {
			await page.goto(url);
			await page.waitForSelector('#username');
			if (!page.url().includes('/login?')) fail(`landed on ${page.url()}`);
			await page.screenshot({ path: screenshot, fullPage: true });
			return screenshot;
		});
		await step('a wrong password is refused on the page', async () => {
			await page.fill('#username', username);
			await page.fill('#password', 'Not-the-passw0rd!');
			await page.click('#signin');
			const error = await page.textContent('#error');
			if (!error.includes('Incorrect username or password.')) fail(`error text: ${error}`);
		});
		await step('signing in lands on cogtui\'s loopback listener', async () => {
			await page.fill('#password', password);
			await Promise.all([page.waitForURL(/\/callback\?/), page.click('#signin')]);
			await landed();
		});
	}
} finally {
	await browser.close();
}

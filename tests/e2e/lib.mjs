// Shared pieces of the browser tests: the box's API over fetch (to set the factory up and to
// check what the screens did), Chromium, and the steps a person does on a screen.
import { chromium } from 'playwright-core';

export const BASE = process.env.STDPLUS_URL;
export const ADMIN_PASSWORD = process.env.STDPLUS_ADMIN_PASSWORD;
export const SCREENSHOTS = process.env.STDPLUS_SCREENSHOTS || '';
if (!BASE || !ADMIN_PASSWORD) throw new Error('STDPLUS_URL and STDPLUS_ADMIN_PASSWORD must be set');

export function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

export async function api(method, path, token, body) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${BASE}/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${json.message ?? ''}`);
  return json.data;
}

export const login = async (username, password) => (await api('POST', '/auth/login', null, { username, password })).token;
export const adminToken = () => login('admin', ADMIN_PASSWORD);

/** A station with its own template; `kind` (standard, qc, laminate, …) when the box has it. */
export async function station(token, name, extra = {}) {
  const template = await api('POST', '/station-templates', token, { name: `${name} screen` });
  return (await api('POST', '/stations', token, { name, templateId: template._id, ...extra }))._id;
}

/** An order of one customer and material, ready to carry panes. */
export async function order(token, extra = {}) {
  const customer = await api('POST', '/customers', token, { name: `Customer ${Date.now()}` });
  const material = await api('POST', '/materials', token, { name: `Clear ${Date.now()}`, unit: 'sheet', reorderPoint: 0 });
  return api('POST', '/orders', token, { customer: customer._id, material: material._id, quantity: 1, status: 'in_progress', ...extra });
}

export async function pane(token, body) {
  return api('POST', '/panes', token, body);
}

export async function paneState(token, paneNumber) {
  const found = await api('GET', `/panes/${paneNumber}`, token);
  const station = typeof found.currentStation === 'object' && found.currentStation ? found.currentStation._id : found.currentStation;
  return { status: found.currentStatus, station };
}

/** The pane logs of one pane, oldest first. */
export async function paneLogs(token, paneId) {
  const data = await api('GET', `/pane-logs?paneId=${paneId}&limit=100`, token);
  const list = Array.isArray(data) ? data : data.items ?? data.docs ?? data.data ?? [];
  return list;
}

export async function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.STDPLUS_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      ...extraArgs,
    ],
  });
}

export const KIOSK = { viewport: { width: 1280, height: 800 } };
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
export const TV = { viewport: { width: 1920, height: 1080 } };

export const foreignRequests = [];

/** Opens `path` in a fresh browser context (its own storage: a separate device); `init` runs
 * in the page before its own scripts (instruments it). */
export async function open(browser, path, options = KIOSK, init = null) {
  const context = await browser.newContext({ ...options, baseURL: BASE });
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  // Nothing may come from outside the box: a factory LAN has no internet.
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(BASE) && !url.startsWith('data:') && !url.startsWith('blob:')) {
      foreignRequests.push(url);
    }
  });
  await page.goto(path);
  return { context, page };
}

/** Pairs the screen at /station/<id> or /board: an admin logs in once on it. */
export async function pair(page) {
  await page.getByTestId('login-form').waitFor();
  await page.locator('input[name=username]').fill('admin');
  await page.locator('input[name=password]').fill(ADMIN_PASSWORD);
  await page.locator('[data-testid=login-form] button[type=submit]').click();
  // A kiosk's and the board's pairing forms.
  const submit = page.locator('[data-testid=pair-submit], [data-testid=board-pair-submit]');
  await submit.waitFor();
  await submit.click();
}

/** Types a code into the kiosk's scan field the way a keyboard-wedge scanner does. */
export async function wedgeScan(page, text) {
  await page.keyboard.type(text, { delay: 5 });
  await page.keyboard.press('Enter');
}

/** Waits for the full-screen answer to a scan and returns its tone and title, then dismisses it. */
export async function scanAnswer(page) {
  const overlay = page.getByTestId('scan-result');
  await overlay.waitFor({ timeout: 10_000 });
  const tone = await overlay.getAttribute('data-tone');
  const pane = await page.getByTestId('scan-result-pane').textContent();
  const title = await page.getByTestId('scan-result-title').textContent();
  await overlay.click();
  await overlay.waitFor({ state: 'detached' });
  return { tone, pane, title };
}

export async function countOf(page, id) {
  return Number(await page.getByTestId(id).getAttribute('data-value'));
}

/** Polls until `read()` returns `want` (deep-equal by JSON), for values that update live. */
export async function until(read, want, what, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await read();
    if (JSON.stringify(last) === JSON.stringify(want)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what}: wanted ${JSON.stringify(want)}, last saw ${JSON.stringify(last)}`);
}

export async function screenshot(page, name) {
  if (!SCREENSHOTS) return;
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
}

/** Every visible button, link-button, input and select on the page is at least 56 px tall
 * (gloves, §5.2 #5). Returns nothing; throws naming the offenders. */
export async function checkTouchTargets(page, where) {
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('button, a.btn, input:not([type=file]):not([type=checkbox]), select, label.btn')]
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
      })
      .filter((el) => el.getBoundingClientRect().height < 56)
      .map((el) => `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('placeholder') || '').trim().slice(0, 30)}" ${Math.round(el.getBoundingClientRect().height)}px`),
  );
  check(small.length === 0, `touch targets under 56 px on ${where}: ${small.join('; ')}`);
}

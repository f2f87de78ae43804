// A worker opens the station's check-in QR URL on a phone, logs in there and checks in (the
// kiosk shows who); then scans a pane by taking a photo, which the box decodes (plain HTTP).
// The QR carries the box's IP-based HTTPS address; the kiosk's "set up a phone" and /connect
// lead a phone to the box's CA, and the app works over HTTPS.
import { writeFileSync } from 'node:fs';
import { adminToken, api, check, checkTouchTargets, countOf, launch, open, order, pair, pane, paneState, screenshot, station, until, BASE, PHONE } from '../lib.mjs';

export default async function (browser) {
  const admin = await adminToken();
  const cut = await station(admin, 'ตัดกระจก Cutting', { kind: 'cut' });
  const edge = await station(admin, 'Edging');
  const role = await api('POST', '/roles', admin, { name: 'Cutter', permissions: [`station:enter:${cut}`, 'production:view'] });
  await api('POST', '/workers', admin, { name: 'สมชาย ใจดี', username: 'somchai', password: 'secret1', position: 'cutter', role: role._id });
  const theOrder = await order(admin);
  await pane(admin, { paneNumber: 'PNE-6001', order: theOrder._id, routing: [cut, edge], currentStation: cut });

  const kiosk = await open(browser, `/station/${cut}`);
  await pair(kiosk.page);
  await kiosk.page.getByTestId('kiosk').waitFor();
  await until(() => kiosk.page.getByTestId('connection').getAttribute('data-status'), 'online', 'the kiosk is connected', 20_000);

  // The kiosk's QR carries the box's IP address over HTTPS (from /api/connect), not its own origin.
  const reach = await api('GET', '/connect', null);
  check(reach.preferred.startsWith('https://127.0.0.1:'), `the preferred phone URL is HTTPS by IP: ${reach.preferred}`);
  const checkinUrl = `${reach.preferred}stations/${cut}/checkin`;
  await until(() => kiosk.page.getByTestId('checkin-qr').getAttribute('alt'), checkinUrl, "the kiosk's QR carries the HTTPS check-in URL");
  // "Set up a phone" shows the /connect QR, on plain HTTP so that any phone opens it.
  await kiosk.page.getByTestId('connect-phone').click();
  check((await kiosk.page.getByTestId('connect-qr').getAttribute('alt')) === `${BASE}/connect`, 'the set-up QR opens /connect over HTTP');
  await kiosk.page.getByTestId('connect-close').click();
  await kiosk.page.getByTestId('connect-overlay').waitFor({ state: 'detached' });

  // The phone opens the check-in path the kiosk's QR carries, logs in, and stays there.
  const phone = await open(browser, new URL(checkinUrl).pathname, PHONE);
  const p = phone.page;
  await p.getByTestId('login-form').waitFor();
  await p.locator('input[name=username]').fill('somchai');
  await p.locator('input[name=password]').fill('secret1');
  await p.locator('[data-testid=login-form] button[type=submit]').click();
  await until(() => p.getByTestId('checkin-status').getAttribute('data-state'), 'done', 'the phone checked in', 30_000);
  await until(
    () => kiosk.page.getByTestId('last-checkin').textContent().then((text) => text.includes('สมชาย ใจดี')),
    true,
    'the kiosk shows who checked in',
    20_000,
  );

  // A photo of the sticker, taken with the phone's camera app (a file input): the box decodes it.
  const png = await p.evaluate(async () => {
    const svg = await (await fetch('/api/qr/svg?text=STDPLUS%3APNE-6001&ec=M')).text();
    const image = new Image();
    image.src = `data:image/svg+xml;base64,${btoa(svg)}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = 900;
    canvas.height = 700;
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#c8c2b8';
    ctx.fillRect(0, 0, 900, 700);
    ctx.drawImage(image, 280, 180, 330, 330);
    return canvas.toDataURL('image/png').split(',')[1];
  });
  await p.getByTestId('photo-input').setInputFiles({ name: 'sticker.png', mimeType: 'image/png', buffer: Buffer.from(png, 'base64') });
  await until(() => p.getByTestId('last-result').getAttribute('data-tone'), 'ok', 'the photo scan was applied', 15_000);
  const state = await paneState(admin, 'PNE-6001');
  check(state.status === 'in_progress' && state.station === cut, `the pane was scanned in at cutting: ${JSON.stringify(state)}`);
  await until(() => countOf(kiosk.page, 'count-in-progress'), 1, 'the kiosk sees the phone scan');
  await until(() => p.getByTestId('session-count').getAttribute('data-count'), '1', 'the phone counts its scans');

  // The live camera, where the page is a secure context (127.0.0.1 is one): Chromium's fake
  // camera plays a video of a sticker; the phone scans it continuously, and only once.
  await pane(admin, { paneNumber: 'PNE-6002', order: theOrder._id, routing: [cut, edge], currentStation: cut });
  const video = await stickerVideo(p, 'STDPLUS:PNE-6002');
  const cameraBrowser = await launch([
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`,
  ]);
  try {
    const context = await cameraBrowser.newContext({ ...PHONE, baseURL: BASE, storageState: await phone.context.storageState() });
    await context.grantPermissions(['camera']);
    const live = await context.newPage();
    await live.goto(`/phone/${cut}`);
    await live.getByTestId('camera-start').click();
    await live.getByTestId('live-camera').waitFor();
    await until(() => paneState(admin, 'PNE-6002').then((s) => s.status), 'in_progress', 'the live camera scanned the sticker in', 20_000);
    await live.waitForTimeout(4000);
    const logs = await api('GET', `/pane-logs?paneId=${(await api('GET', '/panes/PNE-6002', admin))._id}`, admin);
    check(logs.length === 1, `a sticker held in front of the camera is scanned once (${logs.length} logs)`);
  } finally {
    await cameraBrowser.close();
  }
  await p.waitForTimeout(3000);
  await screenshot(p, 'phone');
  await checkTouchTargets(p, 'the phone');

  await connectPage(browser, reach);
}

/** /connect on a phone over HTTP: the CA to download, the steps, the secure address; then the
 * same page over HTTPS says the phone is set up, and the phone screen works there. */
async function connectPage(browser, reach) {
  const { page } = await open(browser, '/connect', PHONE);
  await page.getByTestId('connect-download').waitFor();
  check((await page.getByTestId('connect-download').getAttribute('href')) === '/api/connect/ca.crt', 'the download is the CA');
  check((await page.getByTestId('connect-fingerprint').textContent()) === reach.ca.fingerprint, 'the fingerprint to compare');
  check((await page.getByTestId('connect-open-secure').getAttribute('href')) === `${reach.preferred}connect`, 'the secure address');
  await page.getByTestId('connect-android').waitFor();
  await page.getByTestId('connect-ios').waitFor();
  const download = await page.evaluate(async () => {
    const response = await fetch('/api/connect/ca.crt');
    return { type: response.headers.get('content-type'), size: (await response.arrayBuffer()).byteLength };
  });
  check(download.type === 'application/x-x509-ca-cert' && download.size > 300, `the CA downloads: ${JSON.stringify(download)}`);
  await screenshot(page, 'connect');
  await checkTouchTargets(page, '/connect');

  // Over HTTPS (the chain to the box's CA is checked by tests/https.rs; Chromium here has no way
  // to install it, so it is told to accept it): the page knows it is secure, and the phone
  // screen's socket connects over wss.
  const secure = await browser.newContext({ ...PHONE, ignoreHTTPSErrors: true });
  const origin = reach.preferred.replace(/\/$/, '');
  const outside = [];
  secure.on('request', (request) => {
    if (!request.url().startsWith(origin) && !/^(data|blob):/.test(request.url())) outside.push(request.url());
  });
  const https = await secure.newPage();
  await https.goto(`${origin}/connect`);
  await https.getByTestId('connect-secure').waitFor();
  await https.goto(`${origin}/phone`);
  await https.getByTestId('login-form').waitFor();
  check(await https.evaluate(() => window.isSecureContext), 'the HTTPS page is a secure context');
  check(outside.length === 0, `nothing left the HTTPS origin: ${outside.join(', ')}`);
  await secure.close();
}

/** A short Y4M video (what Chromium's fake camera plays) of a QR sticker on a grey bench. */
async function stickerVideo(page, text) {
  const [width, height] = [640, 480];
  const luma = await page.evaluate(
    async ({ text, width, height }) => {
      const svg = await (await fetch(`/api/qr/svg?text=${encodeURIComponent(text)}&ec=M`)).text();
      const image = new Image();
      image.src = `data:image/svg+xml;base64,${btoa(svg)}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#a0a0a0';
      ctx.fillRect(0, 0, width, height);
      ctx.drawImage(image, 170, 90, 300, 300);
      const rgba = ctx.getImageData(0, 0, width, height).data;
      let grey = '';
      for (let i = 0; i < rgba.length; i += 4) grey += String.fromCharCode(Math.round(0.299 * rgba[i] + 0.587 * rgba[i + 1] + 0.114 * rgba[i + 2]));
      return btoa(grey);
    },
    { text, width, height },
  );
  const y = Buffer.from(luma, 'base64');
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  const path = `/tmp/stdplus-sticker-${process.pid}.y4m`;
  writeFileSync(path, Buffer.concat([header, ...Array(10).fill(frame)]));
  return path;
}

// A worker opens the station's check-in QR URL on a phone, logs in there and checks in (the
// kiosk shows who); then scans a pane by taking a photo, which the box decodes (plain HTTP).
import { adminToken, api, check, checkTouchTargets, countOf, open, order, pair, pane, paneState, screenshot, station, until, PHONE } from '../lib.mjs';

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

  // The phone opens the check-in URL the kiosk's QR carries, logs in, and stays there.
  const checkinUrl = await kiosk.page.getByTestId('checkin-qr').getAttribute('alt');
  check(checkinUrl.endsWith(`/stations/${cut}/checkin`), `the kiosk's QR carries the check-in URL: ${checkinUrl}`);
  const phone = await open(browser, new URL(checkinUrl).pathname, PHONE);
  const p = phone.page;
  await p.getByTestId('login-form').waitFor();
  await p.locator('input[name=username]').fill('somchai');
  await p.locator('input[name=password]').fill('secret1');
  await p.locator('[data-testid=login-form] button[type=submit]').click();
  await until(() => p.getByTestId('checkin-status').getAttribute('data-state'), 'done', 'the phone checked in');
  await until(
    () => kiosk.page.getByTestId('last-checkin').textContent().then((text) => text.includes('สมชาย ใจดี')),
    true,
    'the kiosk shows who checked in',
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
  await p.waitForTimeout(3000);
  await screenshot(p, 'phone');
  await checkTouchTargets(p, 'the phone');
}

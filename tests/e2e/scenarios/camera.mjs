// A USB camera at a station (a folder of frames standing in for it, prepared by
// tests/web_e2e.rs) scans a pane through scan_in → complete → scan_out, then reads a code that
// is not a sticker. The station's kiosk answers each of the camera's scans as it answers its
// own: the full-screen green or red answer, naming the camera, with the ok or refused sound.
import { ADMIN_PASSWORD, adminToken, api, check, countOf, open, order, pair, pane, paneState, screenshot, station, until } from '../lib.mjs';

/** Runs in the kiosk before its scripts: records every full-screen answer and every tone, so
 * that answers which come and go on their own (2 to 4 s each) are all seen. */
function instrument() {
  window.__answers = [];
  window.__tones = [];
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (...args) {
    window.__tones.push(this.frequency.value);
    return start.apply(this, args);
  };
  const seen = new WeakSet();
  new MutationObserver(() => {
    const overlay = document.querySelector('[data-testid=scan-result]');
    if (!overlay || seen.has(overlay)) return;
    seen.add(overlay);
    const text = (id) => overlay.querySelector(`[data-testid=${id}]`)?.textContent ?? '';
    window.__answers.push({
      tone: overlay.dataset.tone,
      pane: text('scan-result-pane'),
      title: text('scan-result-title'),
      source: text('scan-result-source'),
    });
  }).observe(document, { childList: true, subtree: true });
}

export default async function (browser) {
  const frames = process.env.STDPLUS_CAMERA_FRAMES;
  check(frames, 'STDPLUS_CAMERA_FRAMES names the folder of camera frames');
  const admin = await adminToken();
  const cut = await station(admin, 'Cutting');
  const edge = await station(admin, 'Edging');
  const theOrder = await order(admin);
  await pane(admin, { paneNumber: 'PNE-6001', order: theOrder._id, routing: [cut, edge], currentStation: cut });

  const { page } = await open(browser, `/station/${cut}`, undefined, instrument);
  await pair(page);
  await until(() => countOf(page, 'count-incoming'), 1, 'the kiosk sees the pane waiting');
  // Only the camera's answers from here on.
  await page.evaluate(() => {
    window.__answers.length = 0;
    window.__tones.length = 0;
  });

  // An admin adds the camera in Setup → Cameras; it starts reading its frames at once.
  const setup = (await open(browser, '/setup/cameras')).page;
  await setup.getByTestId('login-form').waitFor();
  await setup.locator('input[name=username]').fill('admin');
  await setup.locator('input[name=password]').fill(ADMIN_PASSWORD);
  await setup.locator('[data-testid=login-form] button[type=submit]').click();
  await setup.getByTestId('camera-form').waitFor();
  await setup.getByTestId('camera-name').fill('Cam 1');
  await setup.getByTestId('camera-device').fill(`folder:${frames}`);
  await setup.getByTestId('camera-station').selectOption(cut);
  await setup.getByTestId('camera-add').click();
  const answers = () => page.evaluate(() => window.__answers.length);
  await until(answers, 1, 'the kiosk answers the camera’s first scan', 20_000);
  await screenshot(page, 'kiosk-camera-scan');
  await until(answers, 4, 'the kiosk answers all four of the camera’s reads', 30_000);
  const seen = await page.evaluate(() => window.__answers);
  const summary = JSON.stringify(seen);
  check(seen.every((a) => a.source.includes('Cam 1')), `every answer names the camera: ${summary}`);
  check(seen.slice(0, 3).every((a) => a.tone === 'ok' && a.pane === 'PNE-6001'), `three green answers for the pane: ${summary}`);
  check(seen[2].title.includes('Edging'), `the scan-out answer names the next station: ${summary}`);
  check(seen[3].tone === 'refused', `a code that is not a sticker is answered in red: ${summary}`);

  // The same sounds as the kiosk's own scans: ok starts at 880 Hz, refused at 220 Hz.
  const tones = await page.evaluate(() => window.__tones);
  check(tones.filter((f) => f === 880).length === 3, `three ok sounds: ${JSON.stringify(tones)}`);
  check(tones.filter((f) => f === 220).length === 1, `one refused sound: ${JSON.stringify(tones)}`);

  // The recent list shows the camera's scans, and the pane really moved on.
  const recent = await page.getByTestId('recent-scan').allTextContents();
  check(recent.filter((line) => line.includes('Cam 1')).length === 4, `the recent list names the camera: ${JSON.stringify(recent)}`);
  await until(() => countOf(page, 'count-done'), 1, 'the kiosk counts the pane done');
  const state = await paneState(admin, 'PNE-6001');
  check(state.station === edge && state.status === 'pending', `the pane waits at Edging: ${JSON.stringify(state)}`);

  // Setup shows what the camera last did (refreshed every few seconds), and disables it.
  const [camera] = await api('GET', '/cameras', admin);
  check(camera?.name === 'Cam 1' && camera.station === cut, `the camera as added: ${JSON.stringify(camera)}`);
  const row = setup.getByTestId(`camera-row-${camera._id}`);
  await until(
    () => row.getByTestId('camera-last-action').textContent().then((text) => text.startsWith('hello camera:')),
    true,
    'setup shows the camera’s last read',
  );
  await screenshot(setup, 'setup-cameras');
  const finished = await row.getByTestId('camera-state').textContent();
  await row.getByTestId('camera-toggle').click();
  await until(async () => (await api('GET', `/cameras/${camera._id}`, admin)).enabled, false, 'the camera is disabled');
  await until(() => row.getByTestId('camera-state').textContent().then((t) => t !== finished), true, 'setup shows it disabled');
}

// How long a paired kiosk takes from a cold cache to a screen that takes scans, and what it
// downloads (printed for the README; the budget is one second on the LAN).
import { adminToken, check, open, pair, station, KIOSK } from '../lib.mjs';

export default async function (browser) {
  const admin = await adminToken();
  const id = await station(admin, 'Cutting');
  const paired = await open(browser, `/station/${id}`);
  await pair(paired.page);
  await paired.page.getByTestId('kiosk').waitFor();
  const storageState = await paired.context.storageState();
  const results = [];
  for (let run = 0; run < 5; run++) {
    const context = await browser.newContext({ ...KIOSK, storageState });
    const page = await context.newPage();
    let bytes = 0;
    page.on('response', (response) => {
      const length = Number(response.headers()['content-length'] ?? 0);
      if (response.url().includes('/assets/') || response.url().endsWith('/station/' + id)) bytes += length;
    });
    await page.goto(`${process.env.STDPLUS_URL}/station/${id}`);
    // From the navigation's start (the page's own clock) to the counts on screen: what a worker
    // waits for, without the test's own browser-context start-up.
    const ms = await page.waitForFunction(() => document.querySelector('[data-testid=count-incoming]') && performance.now(), null, {
      polling: 'raf',
    });
    results.push({ ms: Math.round(await ms.jsonValue()), bytes });
    await context.close();
  }
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`kiosk first load (cold cache, loopback, headless Chromium): median ${median} ms to a screen with its counts, runs ${times.join('/')} ms; ${(results[0].bytes / 1024).toFixed(1)} KB transferred (gzip)`);
  check(median < 1000, `a kiosk is ready within a second (median ${median} ms)`);
}

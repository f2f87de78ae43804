// Thai by default; the switch on the screen turns every string to English and the choice
// survives a reload.
import { adminToken, check, open, pair, station } from '../lib.mjs';

export default async function (browser) {
  const admin = await adminToken();
  const id = await station(admin, 'Cutting');
  const { page } = await open(browser, `/station/${id}`);
  check((await page.getAttribute('html', 'lang')) === 'th', 'Thai by default');
  await pair(page);
  const label = page.getByTestId('count-incoming').locator('.count-label');
  check((await label.textContent()) === 'รอเข้า', 'the counts are in Thai');
  await page.getByTestId('lang-toggle').click();
  check((await label.textContent()) === 'Incoming', 'the counts are in English after the switch');
  check((await page.getAttribute('html', 'lang')) === 'en', 'the page says it is English');
  check((await page.getByTestId('scan-input').getAttribute('placeholder')).startsWith('Scan a QR'), 'the scan field too');
  await page.reload();
  await page.getByTestId('kiosk').waitFor();
  check((await page.getByTestId('count-incoming').locator('.count-label').textContent()) === 'Incoming', 'the choice survives a reload');
  await page.getByTestId('lang-toggle').click();
  check((await page.getByTestId('count-incoming').locator('.count-label').textContent()) === 'รอเข้า', 'and switches back');
  // Every screen has the switch.
  for (const path of ['/', '/board', '/pane', '/phone', '/setup']) {
    await page.goto(path);
    await page.getByTestId('lang-toggle').waitFor({ timeout: 5000 });
  }
}

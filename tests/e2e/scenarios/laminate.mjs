// A 2-sheet laminate pane at the laminate station's kiosk: the board shows the set waiting,
// then ready; the guided merge keeps the sticker scanned next; the retired sticker is refused
// with a clear message naming the survivor.
import { adminToken, api, check, open, order, pair, pane, paneState, scanAnswer, screenshot, station, until, wedgeScan } from '../lib.mjs';

export default async function (browser) {
  const admin = await adminToken();
  const cut = await station(admin, 'Cutting');
  const lam = await station(admin, 'Laminating', { isLaminateStation: true });
  const pack = await station(admin, 'Packing');
  const theOrder = await order(admin);
  const group = await pane(admin, { order: theOrder._id, routing: [cut, lam, pack], rawGlass: { sheetsPerPane: 2 } });
  const parent = group.parent?.paneNumber ?? 'PNE-0001';
  const [sheetA, sheetB] = [`${parent}-A`, `${parent}-B`];
  for (const sheet of [sheetA, sheetB]) {
    for (const action of ['scan_in', 'complete', 'scan_out']) {
      await api('POST', `/panes/${sheet}/scan`, admin, { station: cut, action });
    }
  }
  const { page } = await open(browser, `/station/${lam}`);
  await pair(page);
  const board = page.getByTestId(`laminate-group-${parent}`);
  await board.waitFor();

  await wedgeScan(page, `STDPLUS:${sheetA}`);
  check((await scanAnswer(page)).tone === 'ok', 'sheet A scanned in');
  await until(() => board.getAttribute('data-ready'), 'false', 'one sheet of two: waiting');
  await wedgeScan(page, `STDPLUS:${sheetB}`);
  check((await scanAnswer(page)).tone === 'ok', 'sheet B scanned in');
  await until(() => board.getAttribute('data-ready'), 'true', 'both sheets here: ready');
  await screenshot(page, 'kiosk-laminate');

  // Guided merge: scanning a sheet of a ready set asks for the sticker to keep; the next scan chooses it.
  await wedgeScan(page, `STDPLUS:${sheetA}`);
  await page.getByTestId('merge-guide').waitFor();
  await wedgeScan(page, `STDPLUS:${sheetB}`);
  const merged = await scanAnswer(page);
  check(merged.tone === 'ok' && merged.pane === sheetB, `merged keeping B: ${JSON.stringify(merged)}`);
  const survivor = await paneState(admin, sheetB);
  check(survivor.status === 'awaiting_scan_out' && survivor.station === lam, `survivor waits for scan-out: ${JSON.stringify(survivor)}`);
  check((await paneState(admin, sheetA)).status === 'merged_into', 'sheet A is retired');

  await wedgeScan(page, `STDPLUS:${sheetA}`);
  const retired = await scanAnswer(page);
  check(retired.tone === 'refused', 'a retired sticker is refused');
  const text = await page.locator('body').textContent();
  check(!text.includes(`laminate-group-${parent}`), 'the set left the board');
  // The survivor goes on to packing with the next scan.
  await wedgeScan(page, `STDPLUS:${sheetB}`);
  const sent = await scanAnswer(page);
  check(sent.tone === 'ok' && sent.title.includes('Packing'), `survivor sent on: ${JSON.stringify(sent)}`);
}

// QC fails a pane with a reason and notes in one action; the remake arrives at the first
// station's kiosk, live.
import { adminToken, api, check, checkTouchTargets, countOf, open, order, pair, pane, paneState, scanAnswer, screenshot, station, until, wedgeScan } from '../lib.mjs';

export default async function (browser) {
  const admin = await adminToken();
  const cut = await station(admin, 'Cutting');
  const qc = await station(admin, 'QC', { kind: 'qc' });
  const theOrder = await order(admin);
  await pane(admin, { paneNumber: 'PNE-9001', order: theOrder._id, routing: [cut, qc], currentStation: cut });
  for (const [at, action] of [[cut, 'scan_in'], [cut, 'complete'], [cut, 'scan_out'], [qc, 'scan_in'], [qc, 'complete']]) {
    await api('POST', '/panes/PNE-9001/scan', admin, { station: at, action });
  }
  const cutting = await open(browser, `/station/${cut}`);
  await pair(cutting.page);
  await until(() => countOf(cutting.page, 'count-incoming'), 0, 'nothing at cutting yet');
  const { page } = await open(browser, `/station/${qc}`);
  await pair(page);
  await until(() => countOf(page, 'count-awaiting'), 1, 'the pane waits for its QC verdict');

  await wedgeScan(page, 'STDPLUS:PNE-9001');
  await page.getByTestId('qc-panel').waitFor();
  await page.getByTestId('qc-reason-scratch').click();
  await page.getByTestId('qc-notes').fill('รอยขีดข่วนมุมซ้าย');
  await screenshot(page, 'kiosk-qc');
  await checkTouchTargets(page, 'the QC panel');
  await page.getByTestId('qc-fail-submit').click();
  const answer = await scanAnswer(page);
  check(answer.tone === 'ok', `QC fail recorded: ${JSON.stringify(answer)}`);
  check((await paneState(admin, 'PNE-9001')).status === 'defected', 'the pane is defected');

  // The remake arrives at cutting: the kiosk there counts it and raises an alert.
  await until(() => countOf(cutting.page, 'count-incoming'), 1, 'the remake arrives at cutting', 15_000);
  await cutting.page.getByTestId('alert').first().waitFor();
  const remakes = await api('GET', `/panes?order=${theOrder._id}`, admin);
  const list = Array.isArray(remakes) ? remakes : remakes.items ?? remakes.docs ?? [];
  check(list.filter((p) => p.paneNumber !== 'PNE-9001' && p.currentStatus === 'pending').length === 1, 'exactly one remake');
}

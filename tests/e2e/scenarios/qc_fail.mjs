// QC fails a pane with a reason and notes in one action; the remake arrives at the first
// station's kiosk, live.
import { adminToken, api, check, checkTouchTargets, countOf, open, order, pair, pane, paneState, scanAnswer, screenshot, station, until, wedgeScan } from '../lib.mjs';

export default async function (browser) {
  const admin = await adminToken();
  const cut = await station(admin, 'Cutting');
  const qc = await station(admin, 'QC', { kind: 'qc' });
  const theOrder = await order(admin);
  for (const number of ['PNE-9001', 'PNE-9002']) {
    await pane(admin, { paneNumber: number, order: theOrder._id, routing: [cut, qc], currentStation: cut });
    for (const [at, action] of [[cut, 'scan_in'], [cut, 'complete'], [cut, 'scan_out'], [qc, 'scan_in'], [qc, 'complete']]) {
      await api('POST', `/panes/${number}/scan`, admin, { station: at, action });
    }
  }
  const cutting = await open(browser, `/station/${cut}`);
  await pair(cutting.page);
  await until(() => countOf(cutting.page, 'count-incoming'), 0, 'nothing at cutting yet');
  const { page } = await open(browser, `/station/${qc}`);
  await pair(page);
  await until(() => countOf(page, 'count-awaiting'), 2, 'two panes wait for their QC verdict');

  // Pass: scanning the pane opens the verdict; scanning it again passes it.
  await wedgeScan(page, 'STDPLUS:PNE-9002');
  await page.getByTestId('qc-panel').waitFor();
  await wedgeScan(page, 'STDPLUS:PNE-9002');
  const passed = await scanAnswer(page);
  check(passed.tone === 'ok' && passed.pane === 'PNE-9002', `a second scan passes QC: ${JSON.stringify(passed)}`);
  check((await paneState(admin, 'PNE-9002')).status === 'completed', 'the passed pane finished its route');

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

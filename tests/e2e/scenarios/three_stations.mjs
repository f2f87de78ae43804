// Pair two kiosks and a board; scan a pane through three stations by typing into the scan
// field as a wedge scanner does; the second kiosk and the board follow without a reload.
import {
  adminToken, check, checkTouchTargets, countOf, open, order, pair, pane, paneLogs, paneState, scanAnswer, screenshot,
  station, until, wedgeScan, TV,
} from '../lib.mjs';

export default async function (browser) {
  const admin = await adminToken();
  const stations = [await station(admin, 'ตัดกระจก Cutting'), await station(admin, 'เจียร Edging'), await station(admin, 'บรรจุ Packing')];
  const theOrder = await order(admin, { priority: 3 });
  const spec = { dimensions: { width: 1200, height: 800, thickness: 6 }, glassTypeLabel: 'Tempered 6 mm' };
  const walked = await pane(admin, { paneNumber: 'PNE-7001', order: theOrder._id, routing: stations, currentStation: stations[0], ...spec });
  await pane(admin, { paneNumber: 'PNE-7002', order: theOrder._id, routing: stations, currentStation: stations[0], ...spec });

  const first = await open(browser, `/station/${stations[0]}`);
  await pair(first.page);
  await first.page.getByTestId('kiosk').waitFor();
  const second = await open(browser, `/station/${stations[1]}`);
  await pair(second.page);
  await second.page.getByTestId('kiosk').waitFor();
  const board = await open(browser, '/board', TV);
  await pair(board.page);
  const boardStation = (id) => board.page.getByTestId(`board-station-${id}`);
  await boardStation(stations[1]).waitFor();
  // The board updates from events only: once connected (its resync fetch done), left alone it
  // asks the box for nothing.
  await until(() => board.page.getByTestId('connection').getAttribute('data-status'), 'online', 'the board is connected');
  await board.page.waitForTimeout(1000);
  let boardFetches = 0;
  board.page.on('request', (request) => {
    if (request.url().includes('/api/board')) boardFetches++;
  });
  await board.page.waitForTimeout(3000);
  check(boardFetches === 0, `an idle board does not poll (${boardFetches} fetches in 3 s)`);

  const a = first.page;
  const b = second.page;
  await until(() => countOf(a, 'count-incoming'), 2, 'kiosk 1 sees two incoming panes');
  await until(() => countOf(b, 'count-incoming'), 0, 'kiosk 2 starts empty');

  // Cutting: scan in, complete, send on — three wedge scans of the same sticker.
  await wedgeScan(a, 'STDPLUS:PNE-7001');
  let answer = await scanAnswer(a);
  check(answer.tone === 'ok' && answer.pane === 'PNE-7001', `scan in answered ${JSON.stringify(answer)}`);
  await until(() => countOf(a, 'count-in-progress'), 1, 'kiosk 1 counts one in progress');
  await screenshot(a, 'kiosk');
  await checkTouchTargets(a, 'the kiosk');
  await wedgeScan(a, 'STDPLUS:PNE-7001');
  answer = await scanAnswer(a);
  check(answer.tone === 'ok', `complete answered ${JSON.stringify(answer)}`);
  await until(() => countOf(a, 'count-awaiting'), 1, 'kiosk 1 counts one awaiting scan-out');
  await wedgeScan(a, 'PNE-7001');
  await a.getByTestId('scan-result').waitFor();
  await screenshot(a, 'kiosk-confirmation');
  answer = await scanAnswer(a);
  check(answer.tone === 'ok' && answer.title.includes('Edging'), `scan out names the next station: ${JSON.stringify(answer)}`);
  check((await paneState(admin, 'PNE-7001')).station === stations[1], 'the pane is at Edging');

  // The second kiosk and the board learn of it from events, without a reload.
  await until(() => countOf(b, 'count-incoming'), 1, 'kiosk 2 sees the pane arrive');
  await b.getByTestId('alert').first().waitFor();
  await until(() => countOf(a, 'count-done'), 1, 'kiosk 1 counts one done this shift');
  await until(
    () => boardStation(stations[1]).getByTestId('board-incoming').textContent().then((t) => t.trim()),
    '1',
    'the board shows the pane incoming at Edging',
  );

  // Edging on the second kiosk, Packing on a third: the same three scans each.
  for (let i = 0; i < 3; i++) {
    await wedgeScan(b, 'STDPLUS:PNE-7001');
    check((await scanAnswer(b)).tone === 'ok', `edging step ${i}`);
  }
  await until(() => countOf(b, 'count-done'), 1, 'kiosk 2 counts one done');
  const third = await open(browser, `/station/${stations[2]}`);
  await pair(third.page);
  const c = third.page;
  await until(() => countOf(c, 'count-incoming'), 1, 'kiosk 3 sees the pane waiting');
  for (let i = 0; i < 3; i++) {
    await wedgeScan(c, 'STDPLUS:PNE-7001');
    answer = await scanAnswer(c);
    check(answer.tone === 'ok', `packing step ${i}: ${JSON.stringify(answer)}`);
  }
  check(answer.title === 'เสร็จครบทุกสถานี', `the last scan-out says the route is done: ${answer.title}`);
  check((await paneState(admin, 'PNE-7001')).status === 'completed', 'the pane finished its route');
  const logs = await paneLogs(admin, walked._id);
  const actions = logs.map((log) => log.action).sort();
  check(logs.length === 9, `nine scans logged exactly once each, got ${logs.length}: ${actions.join(',')}`);
  await until(
    () => boardStation(stations[1]).getByTestId('board-done').textContent().then((t) => t.trim()),
    '1',
    'the board counts the pane done at Edging',
  );
  await screenshot(board.page, 'board');
  check(boardFetches > 0, 'the board refetched on the scans\' events');

  // Pane lookup, from the first kiosk (its device token reads panes and their logs).
  await a.goto('/pane/PNE-7001');
  await until(() => a.getByTestId('pane-status').getAttribute('data-status'), 'completed', 'the lookup shows where the pane is');
  await until(() => a.getByTestId('history-row').count(), 9, 'the lookup lists the full scan history');
  check((await a.getByTestId('route-chip').count()) === 3, 'the lookup shows the route');
  await a.evaluate(() => {
    window.print = () => {};
  });
  await a.getByTestId('reprint-label').click();
  const label = a.getByTestId('label-print');
  await label.waitFor();
  check((await label.locator('img').getAttribute('src')).includes('STDPLUS%3APNE-7001'), 'the reprinted label carries the pane QR');
  await checkTouchTargets(board.page, 'the board');
}

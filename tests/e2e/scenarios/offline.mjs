// The box drops off the network (HTTP and socket blocked); the kiosk keeps taking scans into
// its outbox and says how many wait; when the network is back each scan is applied exactly once.
import { adminToken, check, countOf, open, order, pair, pane, paneLogs, paneState, scanAnswer, station, until, wedgeScan } from '../lib.mjs';

export default async function (browser) {
  const admin = await adminToken();
  const stations = [await station(admin, 'Cutting'), await station(admin, 'Edging')];
  const theOrder = await order(admin);
  const panes = [];
  for (const number of ['PNE-8001', 'PNE-8002', 'PNE-8003']) {
    panes.push(await pane(admin, { paneNumber: number, order: theOrder._id, routing: stations, currentStation: stations[0] }));
  }
  const { context, page } = await open(browser, `/station/${stations[0]}`);
  await pair(page);
  await until(() => countOf(page, 'count-incoming'), 3, 'three incoming panes');

  // Cut the wire: every request to the box fails, and the browser reports itself offline.
  await context.route('**/api/**', (route) => route.abort('internetdisconnected'));
  await context.setOffline(true);
  await until(() => page.getByTestId('connection').getAttribute('data-status'), 'offline', 'the kiosk shows it is offline', 20_000);
  for (const number of ['PNE-8001', 'PNE-8002', 'PNE-8003']) {
    await wedgeScan(page, number);
    const answer = await scanAnswer(page);
    check(answer.tone === 'queued', `${number} is kept for later: ${JSON.stringify(answer)}`);
  }
  await until(() => page.getByTestId('outbox').getAttribute('data-pending'), '3', 'three scans wait to be sent');
  // A reload while offline keeps them (IndexedDB), which a worker may well do.
  for (const p of panes) check((await paneState(admin, p.paneNumber)).status === 'pending', `${p.paneNumber} untouched while offline`);

  await context.unroute('**/api/**');
  await context.setOffline(false);
  await until(() => page.getByTestId('outbox').getAttribute('data-pending'), '0', 'the outbox drains', 30_000);
  await until(() => page.getByTestId('connection').getAttribute('data-status'), 'online', 'the kiosk is back online', 30_000);
  for (const p of panes) {
    const state = await paneState(admin, p.paneNumber);
    check(state.status === 'in_progress' && state.station === stations[0], `${p.paneNumber} scanned in: ${JSON.stringify(state)}`);
    const logs = await paneLogs(admin, p._id);
    check(logs.filter((log) => log.action === 'scan_in').length === 1, `${p.paneNumber} scanned in exactly once (${logs.length} logs)`);
  }
  await until(() => countOf(page, 'count-in-progress'), 3, 'the kiosk refetched after the reconnect');
}

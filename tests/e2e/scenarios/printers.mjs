// Label printers in setup lite against the real box: an admin adds a ZPL printer (a fake one:
// a TCP listener in this script), sends a test label, then prints a released order's stickers
// on it from the order's page; the printer receives one ^XA…^XZ label per pane with the pane's
// QR payload.
import net from 'node:net';
import { ADMIN_PASSWORD, adminToken, api, check, open, order, station, until } from '../lib.mjs';

/** A label printer on 127.0.0.1: every connection's bytes are one job. */
async function fakePrinter() {
  const jobs = [];
  const server = net.createServer((socket) => {
    const chunks = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => jobs.push(Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { jobs, port: server.address().port, close: () => server.close() };
}

export default async function (browser) {
  const printer = await fakePrinter();
  try {
    const admin = await adminToken();
    const cutting = await station(admin, 'Cutting');
    const { page } = await open(browser, '/setup/printers');
    await page.getByTestId('login-form').waitFor();
    await page.locator('input[name=username]').fill('admin');
    await page.locator('input[name=password]').fill(ADMIN_PASSWORD);
    await page.locator('[data-testid=login-form] button[type=submit]').click();
    await page.getByTestId('setup-printers').waitFor();

    await page.getByTestId('printer-new').click();
    await page.getByTestId('printer-name').fill('Zebra at cutting');
    await page.getByTestId('printer-host').fill('127.0.0.1');
    await page.getByTestId('printer-port').fill(String(printer.port));
    await page.getByTestId('printer-station').selectOption(cutting);
    await page.getByTestId('printer-save').click();
    await page.getByTestId('printer-form').waitFor({ state: 'detached' });
    const [saved] = await api('GET', '/printers', admin);
    check(saved?.name === 'Zebra at cutting' && saved.port === printer.port && saved.station === cutting,
      `the printer is saved: ${JSON.stringify(saved)}`);
    check(saved.labelWidthMm === 60 && saved.labelHeightMm === 40 && saved.dpi === 203, 'default stock 60 × 40 mm at 203 dpi');

    await page.getByTestId(`printer-row-${saved._id}`).getByTestId('printer-test').click();
    await page.getByTestId('printer-notice').waitFor();
    await until(() => printer.jobs.length, 1, 'the test label reaches the printer');
    check(printer.jobs[0].includes('STDPLUS:TEST'), `a test label: ${printer.jobs[0]}`);

    // A released order's stickers, from its page.
    const created = await order(admin, { status: 'pending' });
    await api('POST', `/orders/${created._id}/release`, admin, { stations: [cutting], quantity: 2 });
    const panes = await api('GET', `/panes?order=${created._id}&sort=createdAt`, admin);
    await page.goto(`/setup/orders/${created._id}`);
    await page.getByTestId('order-print-printer-button').click();
    await page.getByTestId('order-print-printer-sent').waitFor();
    await until(() => printer.jobs.length, 2, 'the order’s labels reach the printer');
    const job = printer.jobs[1];
    check((job.match(/\^XA/g) ?? []).length === 2 && (job.match(/\^XZ/g) ?? []).length === 2, `two labels: ${job}`);
    for (const pane of panes) {
      check(job.includes(`STDPLUS:${pane.paneNumber}`), `${pane.paneNumber} is printed`);
    }
  } finally {
    printer.close();
  }
}

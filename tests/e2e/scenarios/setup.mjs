// Setup lite against the real box: an admin adds stations (one of kind QC), creates an order
// with a new customer and material, routes and releases it in one call, and prints its
// stickers: one label per pane whose QR (≥ 20 mm, level M) decodes back to the pane.
import { ADMIN_PASSWORD, adminToken, api, check, open, until } from '../lib.mjs';

export default async function (browser) {
  const { page } = await open(browser, '/setup');
  await page.getByTestId('login-form').waitFor();
  await page.locator('input[name=username]').fill('admin');
  await page.locator('input[name=password]').fill(ADMIN_PASSWORD);
  await page.locator('[data-testid=login-form] button[type=submit]').click();
  await page.getByTestId('setup').waitFor();

  await page.getByTestId('setup-tab-stations').click();
  for (const [name, kind] of [['Cutting', 'cut'], ['QC', 'qc']]) {
    await page.getByTestId('station-new').click();
    await page.getByTestId('station-name').fill(name);
    await page.getByTestId(`station-kind-${kind}`).click();
    await page.getByTestId('station-save').click();
    await page.getByTestId('station-form').waitFor({ state: 'detached' });
  }
  const admin = await adminToken();
  // A station added by mistake is deleted after a confirmation.
  await page.getByTestId('station-new').click();
  await page.getByTestId('station-name').fill('Spare');
  await page.getByTestId('station-save').click();
  await page.getByTestId('station-form').waitFor({ state: 'detached' });
  const spare = (await api('GET', '/stations', admin)).find((s) => s.name === 'Spare');
  const spareRow = page.getByTestId(`station-row-${spare._id}`);
  await spareRow.getByTestId('station-delete').click();
  await spareRow.getByTestId('station-delete-confirm').click();
  await spareRow.waitFor({ state: 'detached' });
  const stations = await api('GET', '/stations', admin);
  check(!stations.some((s) => s.name === 'Spare'), 'the deleted station is gone');
  const byName = Object.fromEntries(stations.map((s) => [s.name, s]));
  check(byName.Cutting?.kind === 'cut' && byName.QC?.kind === 'qc', `stations saved with their kind: ${JSON.stringify(stations.map((s) => [s.name, s.kind]))}`);

  await page.getByTestId('setup-tab-orders').click();
  await page.getByTestId('order-new').click();
  for (const [field, name] of [['order-customer', 'บริษัท กระจกดี'], ['order-material', 'Clear 6 mm']]) {
    const select = page.getByTestId(field);
    const options = await select.locator('option').count();
    await select.selectOption({ index: options - 1 });
    await page.getByTestId(`${field}-new`).fill(name);
  }
  await page.getByTestId('order-quantity').fill('3');
  await page.getByTestId('order-save').click();
  await page.getByTestId('order-detail').waitFor();

  await page.getByTestId(`release-add-${byName.Cutting._id}`).click();
  await page.getByTestId(`release-add-${byName.QC._id}`).click();
  await page.getByTestId('release-quantity').fill('3');
  await page.getByTestId('release-submit').click();
  await page.getByTestId('release-done').waitFor();
  await until(() => page.getByTestId('order-pane').count(), 3, 'the order shows its three panes');
  const numbers = await page.getByTestId('order-pane').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-pane')));
  for (const number of numbers) {
    const pane = await api('GET', `/panes/${number}`, admin);
    const at = typeof pane.currentStation === 'object' ? pane.currentStation?._id : pane.currentStation;
    check(pane.currentStatus === 'pending' && at === byName.Cutting._id, `${number} waits at Cutting`);
  }

  await page.getByTestId('order-print').click();
  await page.getByTestId('print-view').waitFor();
  await until(() => page.getByTestId('print-label').count(), 3, 'one label per pane');
  await page.emulateMedia({ media: 'print' });
  const qr = page.getByTestId('print-label').first().locator('img');
  const mm = await qr.evaluate((img) => (img.getBoundingClientRect().width / 96) * 25.4);
  check(mm >= 20, `the printed QR is at least 20 mm (${mm.toFixed(1)} mm)`);
  const src = await qr.getAttribute('src');
  check(/[?&]ec=[MQH]/.test(src), `error correction M or higher: ${src}`);
  const first = await page.getByTestId('print-label').first().getAttribute('data-pane');
  // The label's QR, rasterised as a printer would, decodes back to the pane.
  const decoded = await page.evaluate(async ({ src, token }) => {
    const image = new Image();
    image.src = src;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 400;
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 400, 400);
    ctx.drawImage(image, 0, 0, 400, 400);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
    const answer = await fetch('/api/qr/decode', { method: 'POST', headers: { 'Content-Type': 'image/png', Authorization: `Bearer ${token}` }, body: blob });
    return (await answer.json()).data.codes;
  }, { src, token: admin });
  check(decoded[0] === `STDPLUS:${first}`, `the label's QR decodes to its pane: ${JSON.stringify(decoded)} vs ${first}`);
  await page.emulateMedia({ media: 'screen' });
  // Count print calls instead of opening a dialog (the app is a single page: set it here).
  await page.evaluate(() => {
    window.print = () => {
      window.__printed = (window.__printed ?? 0) + 1;
    };
  });
  await page.getByTestId('print-button').click();
  check((await page.evaluate(() => window.__printed ?? 0)) >= 1, 'printing opens the browser print');
}

// Setup → Label printers: the networked ZPL/TSPL printers the box sends pane stickers to, with
// their label stock, the station they serve and whether they print on release; add, edit,
// delete and a test print (the box answers at once when the printer is off).
import { useState } from 'preact/hooks';
import { patch, post } from '../../lib/api';
import { t, useLang } from '../../lib/i18n';
import { STATIONS_PATH } from './StationsSection';
import { DeleteButton, FormError, LoadError, errorText, refName, useLoad } from './shared';
import { ts } from './strings';
import { tp } from './strings-printers';
import type { PrintReport, Printer, Station } from './types';

export const PRINTERS_PATH = '/printers?limit=100&sort=name';

function PrinterForm({
  printer,
  stations,
  token,
  onDone,
}: {
  printer: Printer | null;
  stations: Station[];
  token: string;
  onDone: () => void;
}) {
  useLang();
  const [name, setName] = useState(printer?.name ?? '');
  const [kind, setKind] = useState<Printer['kind']>(printer?.kind ?? 'zpl');
  const [host, setHost] = useState(printer?.host ?? '');
  const [port, setPort] = useState(String(printer?.port ?? 9100));
  const [dpi, setDpi] = useState(String(printer?.dpi ?? 203));
  const [width, setWidth] = useState(String(printer?.labelWidthMm ?? 60));
  const [height, setHeight] = useState(String(printer?.labelHeightMm ?? 40));
  const [station, setStation] = useState(printer?.station ?? '');
  const [onRelease, setOnRelease] = useState(Boolean(printer?.printOnRelease));
  const [font, setFont] = useState(printer?.font ?? '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!name.trim() || !host.trim()) {
      setError(ts('required', { field: name.trim() ? tp('host') : tp('name') }));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body = {
        name: name.trim(),
        kind,
        host: host.trim(),
        port: Number(port),
        dpi: Number(dpi),
        labelWidthMm: Number(width),
        labelHeightMm: Number(height),
        station: station || null,
        printOnRelease: onRelease,
        font: font.trim(),
      };
      if (printer) await patch(`/printers/${printer._id}`, body, token);
      else await post('/printers', body, token);
      onDone();
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  const field = (label: string, value: string, set: (v: string) => void, testid: string, numeric = false) => (
    <label>
      {label}
      <input
        data-testid={testid}
        value={value}
        inputMode={numeric ? 'decimal' : undefined}
        onInput={(e) => set(e.currentTarget.value)}
      />
    </label>
  );

  return (
    <form class="card form s-form-wide" onSubmit={submit} data-testid="printer-form">
      <h3>{printer ? tp('edit', { name: printer.name }) : tp('add')}</h3>
      {field(tp('name'), name, setName, 'printer-name')}
      <label>
        {tp('kind')}
        <select data-testid="printer-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as Printer['kind'])}>
          <option value="zpl">ZPL (Zebra)</option>
          <option value="tspl">TSPL (TSC)</option>
        </select>
      </label>
      {field(tp('host'), host, setHost, 'printer-host')}
      {field(tp('port'), port, setPort, 'printer-port', true)}
      <label>
        {tp('dpi')}
        <select data-testid="printer-dpi" value={dpi} onChange={(e) => setDpi(e.currentTarget.value)}>
          <option value="203">203</option>
          <option value="300">300</option>
        </select>
      </label>
      {field(tp('width'), width, setWidth, 'printer-width', true)}
      {field(tp('height'), height, setHeight, 'printer-height', true)}
      <label>
        {tp('station')}
        <select data-testid="printer-station" value={station} onChange={(e) => setStation(e.currentTarget.value)}>
          <option value="">{tp('anyStation')}</option>
          {stations.map((s) => (
            <option key={s._id} value={s._id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label class="s-check">
        <input
          type="checkbox"
          data-testid="printer-on-release"
          checked={onRelease}
          onChange={(e) => setOnRelease(e.currentTarget.checked)}
        />
        {tp('onRelease')}
      </label>
      {field(tp('font'), font, setFont, 'printer-font')}
      <FormError error={error} />
      <div class="btn-row">
        <button class="btn btn-primary btn-big" type="submit" disabled={busy} data-testid="printer-save">
          {printer ? t('save') : ts('add')}
        </button>
        <button class="btn btn-big" type="button" onClick={onDone}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

function TestButton({ printer, token, onResult }: { printer: Printer; token: string; onResult: (r: unknown) => void }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      class="btn"
      type="button"
      disabled={busy}
      data-testid="printer-test"
      onClick={async () => {
        setBusy(true);
        onResult(null);
        try {
          await post<PrintReport>(`/printers/${printer._id}/test`, {}, token);
          onResult(tp('testSent', { name: printer.name }));
        } catch (failure) {
          onResult(failure);
        } finally {
          setBusy(false);
        }
      }}
    >
      {tp('test')}
    </button>
  );
}

export function PrintersSection({ token }: { token: string }) {
  useLang();
  const printers = useLoad<Printer[]>(PRINTERS_PATH, token);
  const stations = useLoad<Station[]>(STATIONS_PATH, token);
  const [editing, setEditing] = useState<Printer | 'new' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const names = new Map((stations.data ?? []).map((s) => [s._id, s.name]));
  const done = () => {
    setEditing(null);
    printers.reload();
  };
  const tested = (result: unknown) => {
    if (typeof result === 'string') {
      setNotice(result);
      setError(null);
    } else {
      setNotice(null);
      setError(result);
    }
  };

  return (
    <section class="setup-section" data-testid="setup-printers">
      <p class="card s-help">{tp('help')}</p>
      {editing ? (
        <PrinterForm
          key={editing === 'new' ? 'new' : editing._id}
          printer={editing === 'new' ? null : editing}
          stations={stations.data ?? []}
          token={token}
          onDone={done}
        />
      ) : (
        <button class="btn btn-primary btn-big" type="button" data-testid="printer-new" onClick={() => setEditing('new')}>
          + {tp('add')}
        </button>
      )}
      <LoadError loaded={printers} />
      <FormError error={error} />
      {notice && (
        <p class="card" role="status" data-testid="printer-notice">
          {notice}
        </p>
      )}
      {printers.data && printers.data.length === 0 && <p class="muted">{ts('none')}</p>}
      <ul class="s-rows">
        {(printers.data ?? []).map((printer) => (
          <li key={printer._id} class="card s-row" data-testid={`printer-row-${printer._id}`}>
            <div class="s-row-main">
              <h3 class="s-row-title">
                {printer.name}
                {printer.printOnRelease && <span class="s-tag"> {tp('onReleaseTag')}</span>}
              </h3>
              <dl class="s-facts">
                <dt>{tp('kind')}</dt>
                <dd>
                  {printer.kind.toUpperCase()} · {printer.host}:{printer.port} · {printer.dpi} dpi
                </dd>
                <dt>{tp('size')}</dt>
                <dd>
                  {printer.labelWidthMm} × {printer.labelHeightMm} mm
                </dd>
                <dt>{tp('station')}</dt>
                <dd>{printer.station ? refName(printer.station, names) : tp('anyStation')}</dd>
              </dl>
              <div class="btn-row">
                <TestButton printer={printer} token={token} onResult={tested} />
                <button class="btn" type="button" data-testid="printer-edit" onClick={() => setEditing(printer)}>
                  {ts('edit')}
                </button>
                <DeleteButton
                  label={tp('delete')}
                  question={tp('deleteQ', { name: printer.name })}
                  testid="printer-delete"
                  path={`/printers/${printer._id}`}
                  token={token}
                  onError={setError}
                  onDone={printers.reload}
                />
              </div>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** An order's stickers on a label printer, from the order's page. */
export function PrintOnPrinter({ orderId, token }: { orderId: string; token: string }) {
  useLang();
  const printers = useLoad<Printer[]>(PRINTERS_PATH, token);
  const [chosen, setChosen] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<unknown>(null);
  const list = printers.data ?? [];
  const printerId = chosen || list[0]?._id || '';

  const print = async () => {
    setBusy(true);
    setResult(null);
    try {
      const report = await post<PrintReport>(`/orders/${orderId}/labels/print`, { printerId }, token);
      setResult(tp('printSent', { n: report.labels, name: report.printer.name }));
    } catch (failure) {
      setResult(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="card" data-testid="order-print-printer">
      <h2>{tp('printTitle')}</h2>
      <LoadError loaded={printers} />
      {printers.data && list.length === 0 ? (
        <p class="muted">{tp('printNone')}</p>
      ) : (
        <div class="btn-row">
          <label>
            {tp('printPrinter')}{' '}
            <select data-testid="order-print-printer-choice" value={printerId} onChange={(e) => setChosen(e.currentTarget.value)}>
              {list.map((p) => (
                <option key={p._id} value={p._id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <button
            class="btn btn-primary btn-big"
            type="button"
            disabled={busy || !printerId}
            data-testid="order-print-printer-button"
            onClick={print}
          >
            {busy ? tp('printSending') : tp('printButton')}
          </button>
        </div>
      )}
      {typeof result === 'string' ? (
        <p role="status" data-testid="order-print-printer-sent">
          {result}
        </p>
      ) : (
        <FormError error={result} />
      )}
    </div>
  );
}

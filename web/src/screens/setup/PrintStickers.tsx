// Setup → an order's stickers (/setup/print/<orderId>): one label per pane with its QR
// (`STDPLUS:<paneNumber>`, rendered by the box), the pane number in large type, the order, the
// size and the glass. Labels are real millimetres; `@page` follows the chosen size, so a label
// printer gets one label per page and an office printer an A4 sheet of 3 × 7.
import { useEffect, useRef, useState } from 'preact/hooks';
import { LangToggle } from '../../ui/common';
import { t, useLang } from '../../lib/i18n';
import { qrImageUrl } from '../../lib/qrtext';
import { navigate } from '../../lib/router';
import { paneSize } from './OrderDetail';
import { LoadError, useLoad } from './shared';
import { to } from './strings-orders';
import type { Order, Pane } from './types';

type Size = '60x40' | '50x30' | '80x50' | 'a4';
const SIZES: Size[] = ['60x40', '50x30', '80x50', 'a4'];
const SIZE_KEY = 'stdplus.labelSize';

/** Each page: one label for a label printer, an A4 sheet (Avery L7160 layout) otherwise. */
const PAGE: Record<Size, string> = {
  '60x40': '@page { size: 60mm 40mm; margin: 0; }',
  '50x30': '@page { size: 50mm 30mm; margin: 0; }',
  '80x50': '@page { size: 80mm 50mm; margin: 0; }',
  a4: '@page { size: A4 portrait; margin: 15.1mm 7.2mm; }',
};

function savedSize(): Size {
  try {
    const value = localStorage.getItem(SIZE_KEY) as Size | null;
    return value && SIZES.includes(value) ? value : '60x40';
  } catch {
    return '60x40';
  }
}

/** Resolves when every image inside `root` has loaded (or failed), or after `ms`. */
function imagesReady(root: HTMLElement, ms = 8000): Promise<void> {
  const pending = [...root.querySelectorAll('img')].filter((img) => !img.complete);
  if (pending.length === 0) return Promise.resolve();
  return new Promise((resolve) => {
    let left = pending.length;
    const timer = setTimeout(resolve, ms);
    const one = () => {
      left -= 1;
      if (left === 0) {
        clearTimeout(timer);
        resolve();
      }
    };
    for (const img of pending) {
      img.addEventListener('load', one, { once: true });
      img.addEventListener('error', one, { once: true });
    }
  });
}

export function PrintStickers({ orderId, token }: { orderId: string; token: string }) {
  useLang();
  const order = useLoad<Order>(`/orders/${encodeURIComponent(orderId)}`, token);
  const panes = useLoad<Pane[]>(`/panes?order=${encodeURIComponent(orderId)}&limit=1000&sort=createdAt`, token);
  const [size, setSize] = useState<Size>(savedSize);
  const [preparing, setPreparing] = useState(false);
  const sheet = useRef<HTMLDivElement>(null);

  useEffect(() => {
    try {
      localStorage.setItem(SIZE_KEY, size);
    } catch {
      // Remembered until the page closes.
    }
  }, [size]);

  // A laminate set's parent has no sticker of its own: each sheet carries one, and the sheet
  // kept at the merge becomes the finished pane. Retired (merged) stickers are not reprinted.
  const all = panes.data ?? [];
  const labels = all.filter((p) => p.laminateRole !== 'parent' && p.currentStatus !== 'merged_into');
  const parents = all.filter((p) => p.laminateRole === 'parent').length;
  const orderNumber = order.data?.orderNumber ?? '';

  const print = async () => {
    if (!sheet.current) return;
    setPreparing(true);
    await imagesReady(sheet.current);
    setPreparing(false);
    window.print();
  };

  return (
    <div class="s-print-view" data-testid="print-view">
      <style>{PAGE[size]}</style>
      <div class="s-print-bar no-print">
        <a
          class="btn"
          href={`/setup/orders/${orderId}`}
          onClick={(event) => {
            event.preventDefault();
            navigate(`/setup/orders/${orderId}`);
          }}
        >
          ‹ {t('back')}
        </a>
        <h1 class="s-print-title">{to('printTitle', { order: orderNumber })}</h1>
        <label class="s-print-size">
          {to('printSize')}
          <select data-testid="print-size" value={size} onChange={(e) => setSize(e.currentTarget.value as Size)}>
            <option value="60x40">60 × 40 mm</option>
            <option value="50x30">50 × 30 mm</option>
            <option value="80x50">80 × 50 mm</option>
            <option value="a4">{to('printA4')}</option>
          </select>
        </label>
        <span class="badge">{to('printCount', { n: labels.length })}</span>
        <button
          class="btn btn-primary btn-big"
          type="button"
          disabled={labels.length === 0 || preparing}
          data-testid="print-button"
          onClick={print}
        >
          {preparing ? to('printPreparing') : to('printButton')}
        </button>
        <LangToggle />
      </div>
      <div class="no-print s-print-notes">
        <LoadError loaded={order} />
        <LoadError loaded={panes} />
        {panes.data && labels.length === 0 && <p class="card">{to('printNone')}</p>}
        {parents > 0 && <p class="note">{to('printParentsSkipped', { n: parents })}</p>}
      </div>
      <div ref={sheet} class={`s-labels s-labels-${size}`} data-testid="print-labels" data-size={size}>
        {labels.map((pane) => (
          <div key={pane._id} class="s-label" data-testid="print-label" data-pane={pane.paneNumber}>
            <div class="s-label-pane">{pane.paneNumber}</div>
            <img class="s-label-qr" src={qrImageUrl(`STDPLUS:${pane.paneNumber}`, 'M')} alt={`STDPLUS:${pane.paneNumber}`} />
            <div class="s-label-text">
              {orderNumber && <div class="s-label-line s-label-order">{orderNumber}</div>}
              <div class="s-label-line">{paneSize(pane)}</div>
              {(pane.glassTypeLabel || pane.glassType) && <div class="s-label-line">{pane.glassTypeLabel || pane.glassType}</div>}
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}

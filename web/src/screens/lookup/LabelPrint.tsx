// One pane sticker, 50 × 30 mm, printed through the browser: the same payload as the factory's
// stickers (`STDPLUS:<paneNumber>`, error level M; the code itself about 22 mm square, more than
// the 20 mm the upstream guide asks for) with the pane number, order, size and glass. While this view is open the
// page shows only the label and its two buttons; in print only the label is left, on a named
// @page (lookup.css) so that no other screen's printing inherits the sticker size.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../lib/i18n';
import type { PaneDoc } from '../../lib/panedoc';
import { qrImageUrl } from '../../lib/qrtext';
import { Icon } from '../../ui/icons';
import { l } from './strings';

interface Props {
  pane: PaneDoc;
  orderNumber: string;
  size: string;
  onClose: () => void;
}

export function LabelPrint({ pane, orderNumber, size, onClose }: Props) {
  const [qr, setQr] = useState<'loading' | 'ready' | 'failed'>('loading');
  const printed = useRef(false);
  const image = useRef<HTMLImageElement>(null);

  useEffect(() => {
    // A cached image may be complete before onLoad is attached.
    if (image.current?.complete && image.current.naturalWidth > 0) setQr('ready');
  }, []);

  useEffect(() => {
    if (qr !== 'ready' || printed.current) return undefined;
    printed.current = true;
    // Let the browser lay the label out before the dialog freezes the page.
    const timer = setTimeout(() => window.print(), 150);
    return () => clearTimeout(timer);
  }, [qr]);

  const glass = pane.glassTypeLabel || pane.glassType || '';
  return (
    <div class="print-view" data-testid="label-print">
      <div class="no-print print-head">
        <h2>{l('printTitle', { pane: pane.paneNumber })}</h2>
        <p class="muted">{l('printHelp')}</p>
      </div>
      <div class="label-preview">
        <div class="label" data-testid="label">
          <div class="label-qr">
            <img
              ref={image}
              class="label-qr-img"
              src={qrImageUrl(`STDPLUS:${pane.paneNumber}`, 'M')}
              alt={`STDPLUS:${pane.paneNumber}`}
              onLoad={() => setQr('ready')}
              onError={() => setQr('failed')}
            />
          </div>
          <div class="label-text">
            <div class="label-number">{pane.paneNumber}</div>
            {orderNumber && <div class="label-line">{orderNumber}</div>}
            {size && <div class="label-line">{size}</div>}
            {glass && <div class="label-line label-glass">{glass}</div>}
          </div>
        </div>
      </div>
      <div class="no-print print-actions">
        {qr === 'loading' && <p class="muted">{l('qrLoading')}</p>}
        {qr === 'failed' && (
          <p class="error" role="alert">
            {l('qrFailed')}
          </p>
        )}
        <div class="btn-row">
          <button
            type="button"
            class="btn btn-primary btn-big"
            data-testid="label-print-button"
            disabled={qr !== 'ready'}
            onClick={() => window.print()}
          >
            <Icon name="printer" /> {l('print')}
          </button>
          <button type="button" class="btn btn-big" data-testid="label-close" onClick={onClose}>
            {t('close')}
          </button>
        </div>
      </div>
    </div>
  );
}

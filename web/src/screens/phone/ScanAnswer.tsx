// The full-screen answer to a scan; when the scan needs a choice (pull a pane that is elsewhere
// here, or merge a laminate set keeping this sticker) it asks instead of closing by itself.
import { t } from '../../lib/i18n';
import { ScanOverlay } from '../../ui/common';
import { p } from './strings';
import type { Shown } from './usePhoneScanner';

interface Props {
  shown: Shown;
  onClose: () => void;
  onPull: (paneNumber: string) => void;
  onMerge: (paneNumber: string) => void;
}

export function ScanAnswer({ shown, onClose, onPull, onMerge }: Props) {
  const number = shown.outcome.paneNumber;
  const cancel = (
    <button type="button" class="btn btn-big" data-testid="overlay-cancel" onClick={onClose}>
      {t('cancel')}
    </button>
  );
  return (
    <ScanOverlay key={number + shown.outcome.title + (shown.ask ?? '')} outcome={shown.outcome} onClose={onClose}>
      {shown.ask === 'pull' ? (
        <>
          <button type="button" class="btn btn-big" data-testid="pull-here" onClick={() => onPull(number)}>
            {t('pullHere')}
          </button>
          {cancel}
        </>
      ) : shown.ask === 'merge' ? (
        <>
          <button type="button" class="btn btn-big" data-testid="merge-confirm" onClick={() => onMerge(number)}>
            {p('mergeButton', { pane: number })}
          </button>
          {cancel}
        </>
      ) : undefined}
    </ScanOverlay>
  );
}

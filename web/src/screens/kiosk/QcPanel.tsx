// QC in one action: pass, or fail with a reason and notes (one qc_fail scan, which records the
// defect and orders the remake in the same transaction on the box).
import { useState } from 'preact/hooks';
import { t, useLang, type MessageKey } from '../../lib/i18n';
import { k } from './strings';

const REASONS: [string, MessageKey][] = [
  ['broken', 'reasonBroken'],
  ['chipped', 'reasonChipped'],
  ['dimension_wrong', 'reasonDimension'],
  ['scratch', 'reasonScratch'],
  ['stain', 'reasonStain'],
  ['other', 'reasonOther'],
];

interface Props {
  paneNumber: string;
  onPass: () => void;
  onFail: (reason: string, notes: string) => void;
  onCancel: () => void;
}

export function QcPanel({ paneNumber, onPass, onFail, onCancel }: Props) {
  useLang();
  const [reason, setReason] = useState('');
  const [notes, setNotes] = useState('');
  return (
    <div class="modal" role="dialog" aria-modal="true" data-testid="qc-panel">
      <div class="modal-card">
        <h2>{t('qcTitle', { pane: paneNumber })}</h2>
        <p class="muted">{k('qcPassHint')}</p>
        <button type="button" class="btn btn-ok btn-big wide" data-testid="qc-pass" onClick={onPass}>
          ✓ {t('actionQcPass')}
        </button>
        <fieldset class="reasons">
          <legend>{t('qcReason')}</legend>
          {REASONS.map(([code, label]) => (
            <button
              key={code}
              type="button"
              class={`btn ${reason === code ? 'btn-bad' : ''}`}
              aria-pressed={reason === code}
              data-testid={`qc-reason-${code}`}
              onClick={() => setReason(code)}
            >
              {t(label)}
            </button>
          ))}
        </fieldset>
        <label class="form">
          {t('qcNotes')}
          <textarea data-testid="qc-notes" value={notes} onInput={(e) => setNotes(e.currentTarget.value)} maxLength={500} />
        </label>
        <div class="btn-row">
          <button type="button" class="btn btn-bad btn-big" data-testid="qc-fail-submit" disabled={!reason} onClick={() => onFail(reason, notes.trim())}>
            ✕ {t('qcFailSubmit')}
          </button>
          <button type="button" class="btn btn-big" onClick={onCancel}>
            {t('cancel')}
          </button>
        </div>
      </div>
    </div>
  );
}

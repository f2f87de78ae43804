// The laminate matching board: each set with the sheets here, in big ready / waiting states
// (words and colours), and the guided merge: scan the sticker to keep (§5.2 #10).
import { t, useLang } from '../../lib/i18n';
import { statusLabel } from '../../lib/floor';
import type { LaminateGroup } from '../../lib/types';

export function LaminateBoard({ groups, onMerge }: { groups: LaminateGroup[]; onMerge: (group: LaminateGroup) => void }) {
  useLang();
  if (groups.length === 0) return null;
  return (
    <section class="laminate" data-testid="laminate-board">
      <h2>{t('laminateBoard')}</h2>
      <div class="laminate-groups">
        {groups.map((group) => (
          <article
            key={group.parent._id}
            class={`card lam-group ${group.ready ? 'lam-ready' : 'lam-waiting'}`}
            data-testid={`laminate-group-${group.parent.paneNumber}`}
            data-ready={String(group.ready)}
          >
            <header>
              <strong>{group.parent.paneNumber}</strong>
              <span class={`tag ${group.ready ? 'tag-ok' : 'tag-warn'}`}>{group.ready ? t('laminateReady') : t('laminateWaiting')}</span>
              <span>{t('sheetsHere', { present: group.present, total: group.total })}</span>
            </header>
            <ul class="sheets">
              {group.sheets.map((sheet) => {
                const label = statusLabel[sheet.currentStatus];
                return (
                  <li key={sheet._id} class={`sheet ${sheet.here ? 'sheet-here' : 'sheet-away'}`}>
                    <span class="pane-number">{sheet.paneNumber}</span>
                    <span>{sheet.here ? (label ? t(label) : sheet.currentStatus) : '—'}</span>
                  </li>
                );
              })}
            </ul>
            {group.ready && (
              <>
                <p class="muted">{t('laminateGuide')}</p>
                <button type="button" class="btn btn-primary btn-big" data-testid={`merge-${group.parent.paneNumber}`} onClick={() => onMerge(group)}>
                  {t('actionLaminate')}
                </button>
              </>
            )}
          </article>
        ))}
      </div>
    </section>
  );
}

// The check-in card: where this worker stands with the station (the browser tests read its
// data-state), and the button to check in (again).
import { formatTime, t } from '../../lib/i18n';
import { p } from './strings';
import type { CheckinState } from './useCheckin';

interface Props {
  checkin: CheckinState;
  /** The station's name, or its id until the name is known. */
  station: string;
  onCheckIn: () => void;
}

function describeCheckin(checkin: CheckinState, station: string): string {
  switch (checkin.state) {
    case 'done':
      return t('phoneCheckedIn', { station, time: formatTime(new Date(checkin.at)) });
    case 'sending':
      return p('checkingIn');
    case 'waiting':
      return p('checkinWaiting');
    case 'failed':
      return p('checkinFailed', { error: checkin.error });
    default:
      return t('checkinTitle');
  }
}

export function CheckinCard({ checkin, station, onCheckIn }: Props) {
  return (
    <section class={`card checkin checkin-${checkin.state}`} data-testid="checkin-status" data-state={checkin.state}>
      <p class="checkin-text">
        {checkin.state === 'done' ? '✓ ' : checkin.state === 'failed' ? '✕ ' : ''}
        {describeCheckin(checkin, station)}
      </p>
      {checkin.state !== 'sending' && checkin.state !== 'waiting' && (
        <button type="button" class={`btn btn-block ${checkin.state === 'done' ? '' : 'btn-big'}`} data-testid="checkin-button" onClick={onCheckIn}>
          {checkin.state === 'done' ? p('checkinAgain') : t('phoneCheckin')}
        </button>
      )}
    </section>
  );
}

// The floor's rules, shared by the kiosk and the phone: what a scan does next at a station,
// and how the box's answer reads to a worker.
import type { Delivery } from './outbox';
import { t, type MessageKey } from './i18n';
import type { StationRef } from './types';

export type StationKind = 'standard' | 'cut' | 'laminate' | 'qc' | 'release' | 'dispatch';
export type ScanAction = 'scan_in' | 'complete' | 'scan_out' | 'qc_pass' | 'qc_fail' | 'laminate';

/** A station's floor kind (the box's additive `kind`); the laminate flag wins over `standard`. */
export function stationKind(station: StationRef | null | undefined): StationKind {
  const kind = station?.kind;
  if (kind === 'cut' || kind === 'qc' || kind === 'release' || kind === 'dispatch' || kind === 'laminate') return kind;
  return station?.isLaminateStation ? 'laminate' : 'standard';
}

/** The next logical action for a pane in `status` at this station. */
export function nextAction(status: string, kind: StationKind): ScanAction | null {
  switch (status) {
    case 'pending':
      return 'scan_in';
    case 'in_progress':
      return 'complete';
    case 'awaiting_scan_out':
      return kind === 'qc' ? 'qc_pass' : 'scan_out';
    default:
      return null;
  }
}

/** The status a pane has after `action` succeeded here (for scans queued while offline). */
export function statusAfter(action: ScanAction): string | null {
  switch (action) {
    case 'scan_in':
      return 'in_progress';
    case 'complete':
    case 'laminate':
      return 'awaiting_scan_out';
    default:
      return null;
  }
}

export const actionLabel: Record<ScanAction, MessageKey> = {
  scan_in: 'actionScanIn',
  complete: 'actionComplete',
  scan_out: 'actionScanOut',
  qc_pass: 'actionQcPass',
  qc_fail: 'actionQcFail',
  laminate: 'actionLaminate',
};

export const statusLabel: Record<string, MessageKey> = {
  pending: 'statusPending',
  in_progress: 'statusInProgress',
  awaiting_scan_out: 'statusAwaiting',
  completed: 'statusCompleted',
  defected: 'statusDefected',
  merged_into: 'statusMerged',
};

export interface Outcome {
  tone: 'ok' | 'refused' | 'queued';
  paneNumber: string;
  title: string;
  detail: string;
  /** For a refusal because the pane is elsewhere: the station it is at. */
  elsewhere?: string;
  /** Who scanned, when not this screen (a USB camera at the station). */
  source?: string;
}

const nameOf = (station: unknown, names: Map<string, string>): string => {
  if (station && typeof station === 'object' && 'name' in station) return String((station as StationRef).name);
  if (typeof station === 'string') return names.get(station) ?? station;
  return '';
};

/** How a delivered scan reads on screen. `names` maps station ids to names. */
export function describe(delivery: Delivery, names: Map<string, string>): Outcome {
  const { item } = delivery;
  const paneNumber = item.paneNumber;
  const action = item.body.action as ScanAction;
  if (!delivery.ok) {
    const detail = delivery.detail as { code?: string; survivorPaneNumber?: string } | null;
    if (detail?.code === 'MERGED_INTO' && detail.survivorPaneNumber) {
      return { tone: 'refused', paneNumber, title: t('refused'), detail: t('mergedInto', { pane: detail.survivorPaneNumber }) };
    }
    if (delivery.status === 404) {
      return { tone: 'refused', paneNumber, title: t('refused'), detail: t('notFound', { pane: paneNumber }) };
    }
    return { tone: 'refused', paneNumber, title: t('refused'), detail: delivery.message };
  }
  const data = delivery.data ?? {};
  switch (action) {
    case 'scan_in':
      return { tone: 'ok', paneNumber, title: t('doneScanIn'), detail: t(actionLabel[action]) };
    case 'complete':
      return { tone: 'ok', paneNumber, title: t('doneComplete'), detail: t(actionLabel[action]) };
    case 'qc_fail': {
      const remade = data.remadePane?.paneNumber;
      return { tone: 'ok', paneNumber, title: t('doneQcFail'), detail: remade ? `→ ${remade}` : '' };
    }
    case 'laminate': {
      const kept = item.body.laminateSurvivorPaneNumber ?? paneNumber;
      return { tone: 'ok', paneNumber: kept, title: t('doneLaminate', { pane: kept }), detail: '' };
    }
    default: {
      const next = nameOf(data.nextStation, names);
      return {
        tone: 'ok',
        paneNumber,
        title: next ? t('doneScanOut', { station: next }) : t('doneLast'),
        detail: t(actionLabel[action] ?? 'actionScanOut'),
      };
    }
  }
}

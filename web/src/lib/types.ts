// Shapes of the box's floor API (README "Floor API"), as the screens use them.

export interface StationRef {
  _id: string;
  name: string;
  color?: string;
  colorId?: string;
  isLaminateStation?: boolean;
  kind?: string;
}

export interface PaneBrief {
  _id: string;
  paneNumber: string;
  currentStatus: string;
  laminateRole?: string;
  parentPane?: string | null;
  glassType?: string;
  glassTypeLabel?: string;
  dimensions?: { width: number; height: number; thickness: number };
  nextStation?: { _id: string; name: string } | null;
  arrivedAt?: string | null;
}

export interface QueueOrder {
  order: {
    _id: string;
    orderNumber?: string | null;
    priority?: number;
    deadline?: string | null;
    customerName?: string | null;
    notes?: string;
  };
  urgency: 'critical' | 'warn' | 'normal';
  panes: PaneBrief[];
}

export interface LaminateGroup {
  parent: { _id: string; paneNumber: string; currentStatus: string };
  sheets: { _id: string; paneNumber: string; currentStatus: string; here: boolean }[];
  present: number;
  total: number;
  ready: boolean;
}

export interface StationQueue {
  station: StationRef;
  shiftStartedAt: string;
  counts: {
    incoming: number;
    inProgress: number;
    awaitingScanOut: number;
    doneThisShift: number;
    urgent: number;
    oldestWaitingSince: string | null;
  };
  orders: QueueOrder[];
  laminateGroups: LaminateGroup[];
  total: number;
  capped: boolean;
}

export interface Board {
  generatedAt: string;
  shiftStartedAt: string;
  stations: (StationRef & {
    incoming: number;
    inProgress: number;
    awaitingScanOut: number;
    doneThisShift: number;
    oldestWaitingSince: string | null;
  })[];
  finishedPerHour: { hour: string; count: number }[];
  urgentOrders: {
    _id: string;
    orderNumber?: string | null;
    customerName?: string | null;
    priority?: number;
    deadline?: string | null;
    paneCount?: number;
    panesCompleted?: number;
    urgency: 'critical' | 'warn' | 'normal';
  }[];
}

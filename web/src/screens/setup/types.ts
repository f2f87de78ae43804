// The records the setup screens read, as far as they use them (openapi.json).

export interface Station {
  _id: string;
  name: string;
  templateId: string | { _id: string; name?: string } | null;
  colorId?: string;
  status?: string;
  isLaminateStation?: boolean;
  kind?: string;
  notes?: string;
  createdAt?: string;
}

export interface Device {
  _id: string;
  name: string;
  kind: 'station' | 'board';
  station: string | { _id: string; name: string } | null;
  createdBy?: string | null;
  createdAt?: string;
  lastSeenAt?: string | null;
}

export interface Role {
  _id: string;
  name: string;
  slug: string;
  permissions: string[];
  isSystem?: boolean;
  description?: string;
}

export interface Worker {
  _id: string;
  name: string;
  username: string;
  position?: string;
  role?: Role | string | null;
}

export interface Named {
  _id: string;
  name: string;
}

export interface Order {
  _id: string;
  orderNumber?: string;
  customer?: Named | string | null;
  material?: Named | string | null;
  quantity?: number;
  priority?: number;
  stations?: (Named | string)[];
  paneCount?: number;
  panesCompleted?: number;
  status?: string;
  notes?: string;
  createdAt?: string;
}

export interface Pane {
  _id: string;
  paneNumber: string;
  currentStatus: string;
  currentStation?: Named | string | null;
  laminateRole?: string;
  glassType?: string;
  glassTypeLabel?: string;
  dimensions?: { width?: number; height?: number; thickness?: number };
}

export interface Printer {
  _id: string;
  name: string;
  kind: 'zpl' | 'tspl';
  host: string;
  port: number;
  dpi: number;
  labelWidthMm: number;
  labelHeightMm: number;
  station: string | null;
  printOnRelease: boolean;
  stickerTemplate: string | null;
  font: string;
}

/** What the box answers after sending labels to a printer. */
export interface PrintReport {
  printer: Named;
  labels: number;
  panes: string[];
}

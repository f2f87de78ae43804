// The pane document as GET /api/panes/{id} answers it (production.md §1.5): references come
// populated as small objects, but clients read `x._id || x`, so every reference may also be a
// bare id. Types only: nothing here lands in a bundle.

export interface NamedRef {
  _id: string;
  name: string;
}

export interface PaneDoc {
  _id: string;
  paneNumber: string;
  qrCode?: string;
  currentStatus: string;
  currentStation: NamedRef | string | null;
  routing?: (NamedRef | string)[];
  order?: { _id: string; orderNumber?: string; customer?: string | { _id: string; name?: string }; priority?: number } | string | null;
  material?: { _id: string; name?: string } | string | null;
  dimensions?: { width?: number; height?: number; thickness?: number; area?: number };
  glassType?: string;
  glassTypeLabel?: string;
  jobType?: string;
  laminateRole?: 'single' | 'parent' | 'sheet' | string;
  sheetLabel?: string;
  parentPane?: { _id: string; paneNumber: string } | string | null;
  mergedInto?: { _id: string; paneNumber: string } | string | null;
  laminateStation?: NamedRef | string | null;
}

export const refId = (ref: { _id: string } | string | null | undefined): string | null =>
  ref == null ? null : typeof ref === 'string' ? ref : ref._id;

export const refName = (ref: NamedRef | string | null | undefined, names?: Map<string, string>): string =>
  ref == null ? '' : typeof ref === 'string' ? (names?.get(ref) ?? ref) : ref.name;

// The ten station colours of src/domain/station.rs (`colorId`), as swatches on a light screen,
// with a name in both languages so a colour is never the only way to tell stations apart.
export const STATION_COLORS: { id: string; hex: string; th: string; en: string }[] = [
  { id: 'sky', hex: '#38bdf8', th: 'ฟ้า', en: 'Sky' },
  { id: 'blue', hex: '#60a5fa', th: 'น้ำเงิน', en: 'Blue' },
  { id: 'violet', hex: '#a78bfa', th: 'ม่วง', en: 'Violet' },
  { id: 'pink', hex: '#f472b6', th: 'ชมพู', en: 'Pink' },
  { id: 'red', hex: '#f87171', th: 'แดง', en: 'Red' },
  { id: 'orange', hex: '#fb923c', th: 'ส้ม', en: 'Orange' },
  { id: 'yellow', hex: '#facc15', th: 'เหลือง', en: 'Yellow' },
  { id: 'green', hex: '#4ade80', th: 'เขียว', en: 'Green' },
  { id: 'teal', hex: '#2dd4bf', th: 'เขียวน้ำทะเล', en: 'Teal' },
  { id: 'slate', hex: '#94a3b8', th: 'เทา', en: 'Slate' },
];

/** A CSS colour for a station's `colorId` (or a colour the API already gave as CSS). */
export function colorHex(color: string | null | undefined): string {
  if (!color) return '#94a3b8';
  const known = STATION_COLORS.find((c) => c.id === color);
  if (known) return known.hex;
  return /^#[0-9a-f]{3,8}$/i.test(color) ? color : '#94a3b8';
}

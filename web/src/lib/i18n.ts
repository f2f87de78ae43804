// Thai first, English on every screen. `t` looks a key up in the current language; both
// dictionaries have the same keys (the English one is typed against the Thai one), so a string
// can't be missing in one language. Dates follow the language: Buddhist-era years in Thai.
import { store, useStore } from './store';

const th = {
  appName: 'STD Plus Box',
  language: 'English',
  online: 'ออนไลน์',
  offline: 'ออฟไลน์ — กำลังเชื่อมต่อใหม่',
  connecting: 'กำลังเชื่อมต่อ…',
  waitingToSend: '{n} รายการรอส่ง',
  allSent: 'ส่งครบแล้ว',
  loading: 'กำลังโหลด…',
  retry: 'ลองอีกครั้ง',
  cancel: 'ยกเลิก',
  close: 'ปิด',
  save: 'บันทึก',
  back: 'กลับ',
  delete: 'ลบ',
  confirm: 'ยืนยัน',
  // Home
  homeTitle: 'เลือกหน้าจอ',
  homeKiosk: 'หน้าจอสถานี',
  homePhone: 'มือถือ: เช็คอินและสแกน',
  homeBoard: 'บอร์ดการผลิต',
  homeLookup: 'ค้นหากระจก',
  homeSetup: 'ตั้งค่า (ผู้ดูแล)',
  homeConnect: 'เชื่อมต่อมือถือ (HTTPS)',
  // Login / pairing
  username: 'ชื่อผู้ใช้',
  password: 'รหัสผ่าน',
  login: 'เข้าสู่ระบบ',
  logout: 'ออกจากระบบ',
  loginFailed: 'เข้าสู่ระบบไม่สำเร็จ',
  pairTitle: 'จับคู่หน้าจอนี้กับสถานี',
  pairHelp: 'ผู้ดูแลระบบเข้าสู่ระบบครั้งเดียวเพื่อจับคู่ หน้าจอจะจำสถานีไว้ตลอด ไม่ต้องใส่รหัสผ่านอีก',
  pairBoardTitle: 'จับคู่หน้าจอนี้เป็นบอร์ดการผลิต',
  pairAsAdmin: 'เข้าสู่ระบบผู้ดูแลเพื่อจับคู่',
  pairScreenName: 'ชื่อหน้าจอ',
  pairButton: 'จับคู่หน้าจอ',
  pairNeedsAdmin: 'ต้องเป็นผู้ดูแลระบบที่จัดการสถานีได้',
  unpaired: 'หน้าจอนี้ถูกยกเลิกการจับคู่ กรุณาให้ผู้ดูแลจับคู่ใหม่',
  pairedTo: 'จับคู่กับ {name}',
  // Kiosk
  scanPlaceholder: 'สแกน QR หรือพิมพ์เลขกระจกแล้วกด Enter',
  countIncoming: 'รอเข้า',
  countInProgress: 'กำลังทำ',
  countAwaiting: 'รอสแกนออก',
  countDone: 'เสร็จกะนี้',
  countUrgent: 'ด่วน',
  oldestWaiting: 'รอนานสุด',
  queueEmpty: 'ไม่มีงานที่สถานีนี้',
  urgentJobs: 'งานด่วน',
  nextJobs: 'คิวงานถัดไป',
  priority: 'ความสำคัญ {n}',
  deadline: 'กำหนดส่ง {date}',
  panesCount: '{n} ชิ้น',
  moreCapped: 'แสดง {shown} จาก {total} ชิ้น',
  statusPending: 'รอเข้า',
  statusInProgress: 'กำลังทำ',
  statusAwaiting: 'รอสแกนออก',
  statusCompleted: 'เสร็จทุกสถานี',
  statusDefected: 'ชำรุด',
  statusMerged: 'รวมแผ่นแล้ว',
  actionScanIn: 'สแกนเข้า',
  actionComplete: 'ทำเสร็จ',
  actionScanOut: 'ส่งต่อ',
  actionQcPass: 'ผ่าน QC',
  actionQcFail: 'ไม่ผ่าน QC',
  actionLaminate: 'รวมแผ่น',
  doneScanIn: 'รับเข้าสถานีแล้ว',
  doneComplete: 'ทำเสร็จแล้ว — รอสแกนออก',
  doneScanOut: 'ส่งต่อไป {station}',
  doneLast: 'เสร็จครบทุกสถานี',
  doneQcFail: 'บันทึกไม่ผ่าน QC — สั่งผลิตใหม่แล้ว',
  doneLaminate: 'รวมแผ่นแล้ว — เก็บสติกเกอร์ {pane}',
  queuedOffline: 'บันทึกแล้ว จะส่งเมื่อเชื่อมต่อได้',
  refused: 'ทำไม่ได้',
  mismatch: 'กระจกนี้อยู่ที่สถานี {station}',
  pullHere: 'ดึงเข้าสถานีนี้',
  notFound: 'ไม่พบกระจก {pane}',
  mergedInto: 'สติกเกอร์นี้ถูกรวมเข้า {pane} แล้ว — ใช้สติกเกอร์ {pane}',
  checkinTitle: 'เช็คอินที่สถานีนี้',
  checkinHelp: 'สแกนด้วยกล้องมือถือ',
  checkedIn: '{name} เช็คอินแล้ว',
  newJob: 'มีงานใหม่เข้าสถานี: {pane}',
  alertTitle: 'แจ้งเตือน',
  laminateBoard: 'บอร์ดจับคู่ลามิเนต',
  sheetsHere: '{present}/{total} แผ่นอยู่ที่นี่',
  laminateReady: 'พร้อมรวม',
  laminateWaiting: 'รอแผ่นครบ',
  laminateGuide: 'สแกนสติกเกอร์ของแผ่นที่จะเก็บไว้ เพื่อรวมแผ่น',
  laminateChoose: 'เลือกสติกเกอร์ที่จะเก็บ: สแกนแผ่นนั้นอีกครั้ง หรือแตะ',
  keepSticker: 'เก็บสติกเกอร์ {pane}',
  qcTitle: 'ตรวจ QC: {pane}',
  qcReason: 'สาเหตุ',
  qcNotes: 'หมายเหตุ',
  qcFailSubmit: 'บันทึกไม่ผ่าน',
  reasonBroken: 'แตก',
  reasonChipped: 'บิ่น',
  reasonDimension: 'ขนาดผิด',
  reasonScratch: 'รอย',
  reasonStain: 'คราบ',
  reasonOther: 'อื่น ๆ',
  nextStation: 'ถัดไป: {station}',
  lookup: 'ดูกระจก',
  fullscreen: 'เต็มจอ',
  // Phone
  phoneTitle: 'สแกนที่ {station}',
  phoneCheckin: 'เช็คอิน',
  phoneCheckedIn: 'เช็คอินแล้วที่ {station} เวลา {time}',
  phoneTakePhoto: 'ถ่ายรูป QR',
  phoneLiveCamera: 'เปิดกล้องสแกนต่อเนื่อง',
  phoneStopCamera: 'ปิดกล้อง',
  phoneManual: 'พิมพ์เลขกระจก',
  phoneSend: 'ส่ง',
  phoneNoCode: 'ไม่พบ QR ในรูป ลองถ่ายใกล้ขึ้นและให้ชัด',
  phoneDecoding: 'กำลังอ่าน QR…',
  phoneCameraDenied: 'ไม่ได้รับอนุญาตใช้กล้อง — ใช้ถ่ายรูปแทน',
  phonePickStation: 'เลือกสถานี',
  phoneDoneCount: '{n} ชิ้นในรอบนี้',
  // Board
  boardTitle: 'บอร์ดการผลิต',
  boardWip: 'งานในสถานี',
  boardPerHour: 'เสร็จต่อชั่วโมง',
  boardUrgent: 'ออเดอร์ด่วน',
  boardNoUrgent: 'ไม่มีออเดอร์ด่วน',
  boardUpdated: 'อัปเดต {time}',
  // Pane lookup
  lookupTitle: 'ค้นหากระจก',
  lookupPlaceholder: 'เลขกระจก เช่น PNE-0001',
  lookupWhere: 'อยู่ที่',
  lookupHistory: 'ประวัติการสแกน',
  lookupReprint: 'พิมพ์สติกเกอร์ใหม่',
  lookupOrder: 'ออเดอร์',
  // Setup
  setupTitle: 'ตั้งค่า',
  setupStations: 'สถานี',
  setupWorkers: 'พนักงานและสิทธิ์',
  setupOrders: 'ออเดอร์',
  setupDevices: 'หน้าจอที่จับคู่',
  setupPrinters: 'เครื่องพิมพ์ฉลาก',
  setupCameras: 'กล้อง',
  setupAdminOnly: 'เฉพาะผู้ดูแลระบบ',
};

export type MessageKey = keyof typeof th;
const en: Record<MessageKey, string> = {
  appName: 'STD Plus Box',
  language: 'ไทย',
  online: 'Online',
  offline: 'Offline — reconnecting',
  connecting: 'Connecting…',
  waitingToSend: '{n} waiting to send',
  allSent: 'All sent',
  loading: 'Loading…',
  retry: 'Try again',
  cancel: 'Cancel',
  close: 'Close',
  save: 'Save',
  back: 'Back',
  delete: 'Delete',
  confirm: 'Confirm',
  homeTitle: 'Choose a screen',
  homeKiosk: 'Station screen',
  homePhone: 'Phone: check in and scan',
  homeBoard: 'Production board',
  homeLookup: 'Find a pane',
  homeSetup: 'Setup (admin)',
  homeConnect: 'Connect a phone (HTTPS)',
  username: 'Username',
  password: 'Password',
  login: 'Log in',
  logout: 'Log out',
  loginFailed: 'Could not log in',
  pairTitle: 'Pair this screen with a station',
  pairHelp: 'An admin logs in once to pair it. The screen remembers its station for good and never asks for a password again.',
  pairBoardTitle: 'Pair this screen as the production board',
  pairAsAdmin: 'Admin login to pair',
  pairScreenName: 'Screen name',
  pairButton: 'Pair this screen',
  pairNeedsAdmin: 'Needs an admin who can manage stations',
  unpaired: 'This screen was unpaired. Ask an admin to pair it again.',
  pairedTo: 'Paired with {name}',
  scanPlaceholder: 'Scan a QR or type a pane number, then Enter',
  countIncoming: 'Incoming',
  countInProgress: 'In progress',
  countAwaiting: 'To scan out',
  countDone: 'Done this shift',
  countUrgent: 'Urgent',
  oldestWaiting: 'Oldest waiting',
  queueEmpty: 'No work at this station',
  urgentJobs: 'Urgent jobs',
  nextJobs: 'Next jobs',
  priority: 'Priority {n}',
  deadline: 'Due {date}',
  panesCount: '{n} pcs',
  moreCapped: 'Showing {shown} of {total} panes',
  statusPending: 'Incoming',
  statusInProgress: 'In progress',
  statusAwaiting: 'To scan out',
  statusCompleted: 'All stations done',
  statusDefected: 'Defected',
  statusMerged: 'Merged',
  actionScanIn: 'Scan in',
  actionComplete: 'Done',
  actionScanOut: 'Send on',
  actionQcPass: 'QC pass',
  actionQcFail: 'QC fail',
  actionLaminate: 'Merge sheets',
  doneScanIn: 'Received at this station',
  doneComplete: 'Done — waiting for scan-out',
  doneScanOut: 'Sent on to {station}',
  doneLast: 'All stations done',
  doneQcFail: 'QC fail recorded — remake ordered',
  doneLaminate: 'Sheets merged — keeping sticker {pane}',
  queuedOffline: 'Saved; it will be sent when the box is back',
  refused: 'Not possible',
  mismatch: 'This pane is at {station}',
  pullHere: 'Pull into this station',
  notFound: 'Pane {pane} not found',
  mergedInto: 'This sticker was merged into {pane} — use sticker {pane}',
  checkinTitle: 'Check in at this station',
  checkinHelp: 'Scan with your phone camera',
  checkedIn: '{name} checked in',
  newJob: 'New job at this station: {pane}',
  alertTitle: 'Alert',
  laminateBoard: 'Laminate matching board',
  sheetsHere: '{present}/{total} sheets here',
  laminateReady: 'Ready to merge',
  laminateWaiting: 'Waiting for sheets',
  laminateGuide: 'Scan the sticker of the sheet to keep, to merge',
  laminateChoose: 'Choose the sticker to keep: scan that sheet again, or tap',
  keepSticker: 'Keep sticker {pane}',
  qcTitle: 'QC check: {pane}',
  qcReason: 'Reason',
  qcNotes: 'Notes',
  qcFailSubmit: 'Record fail',
  reasonBroken: 'Broken',
  reasonChipped: 'Chipped',
  reasonDimension: 'Wrong size',
  reasonScratch: 'Scratch',
  reasonStain: 'Stain',
  reasonOther: 'Other',
  nextStation: 'Next: {station}',
  lookup: 'Pane',
  fullscreen: 'Full screen',
  phoneTitle: 'Scanning at {station}',
  phoneCheckin: 'Check in',
  phoneCheckedIn: 'Checked in at {station} at {time}',
  phoneTakePhoto: 'Take a photo of the QR',
  phoneLiveCamera: 'Live camera scanning',
  phoneStopCamera: 'Stop camera',
  phoneManual: 'Type a pane number',
  phoneSend: 'Send',
  phoneNoCode: 'No QR found in the photo. Move closer and keep it sharp.',
  phoneDecoding: 'Reading the QR…',
  phoneCameraDenied: 'Camera not allowed — take a photo instead',
  phonePickStation: 'Choose a station',
  phoneDoneCount: '{n} pcs this session',
  boardTitle: 'Production board',
  boardWip: 'Work at stations',
  boardPerHour: 'Finished per hour',
  boardUrgent: 'Urgent orders',
  boardNoUrgent: 'No urgent orders',
  boardUpdated: 'Updated {time}',
  lookupTitle: 'Find a pane',
  lookupPlaceholder: 'Pane number, e.g. PNE-0001',
  lookupWhere: 'Now at',
  lookupHistory: 'Scan history',
  lookupReprint: 'Reprint label',
  lookupOrder: 'Order',
  setupTitle: 'Setup',
  setupStations: 'Stations',
  setupWorkers: 'Workers and roles',
  setupOrders: 'Orders',
  setupDevices: 'Paired screens',
  setupPrinters: 'Label printers',
  setupCameras: 'Cameras',
  setupAdminOnly: 'Admins only',
};

export type Lang = 'th' | 'en';
const dictionaries: Record<Lang, Record<MessageKey, string>> = { th, en };
const LANG_KEY = 'stdplus.lang';

function initialLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'th';
  } catch {
    return 'th';
  }
}

export const lang$ = store<Lang>(initialLang());
lang$.subscribe((lang) => {
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // The choice lasts until the page closes.
  }
});
document.documentElement.lang = lang$.get();

export function toggleLang(): void {
  lang$.set(lang$.get() === 'th' ? 'en' : 'th');
}

export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  const text = dictionaries[lang$.get()][key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''));
}

/** Re-renders the caller when the language changes; returns the current language. */
export function useLang(): Lang {
  return useStore(lang$);
}

const locale = () => (lang$.get() === 'th' ? 'th-TH' : 'en-GB');

export function formatTime(date: Date | string): string {
  return new Date(date).toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit' });
}

export function formatDate(date: Date | string): string {
  return new Date(date).toLocaleDateString(locale(), { day: 'numeric', month: 'short', year: 'numeric' });
}

export function formatDateTime(date: Date | string): string {
  return `${formatDate(date)} ${formatTime(date)}`;
}

/** "12 min", "3 h 5 min": how long ago `since` was. */
export function formatAge(since: Date | string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - new Date(since).getTime()) / 60000));
  const th = lang$.get() === 'th';
  if (minutes < 60) return th ? `${minutes} นาที` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return th ? `${hours} ชม. ${rest} นาที` : `${hours} h ${rest} min`;
}

/**
 * A screen's own strings, kept in its chunk: `messages(th, en)` returns a `t` for them. The
 * English table is typed against the Thai one, so neither language can miss a key.
 */
export function messages<K extends string>(
  thai: Record<K, string>,
  english: Record<K, string>,
): (key: K, vars?: Record<string, string | number>) => string {
  return (key, vars = {}) => {
    const text = (lang$.get() === 'th' ? thai : english)[key];
    return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''));
  };
}

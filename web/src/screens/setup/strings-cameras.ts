// Setup → Cameras: USB-camera QR stations (Thai first; the English table has every key).
import { messages } from '../../lib/i18n';

const th = {
  helpTitle: 'กล้อง USB อ่าน QR ที่สถานี',
  help: 'เสียบกล้อง USB ที่กล่องแล้วเลือกสถานี กล่องจะอ่านสติกเกอร์กระจกและ QR เช็คอินเอง เหมือนสแกนด้วยมือถือ ใช้ /dev/v4l/by-id/… เพื่อให้ถอดเสียบใหม่แล้วยังเจอกล้องเดิม',
  add: 'เพิ่มกล้อง',
  name: 'ชื่อกล้อง',
  device: 'อุปกรณ์',
  station: 'สถานี',
  enabled: 'เปิดใช้งาน',
  save: 'บันทึก',
  remove: 'ลบกล้อง',
  removeQ: 'ลบกล้อง {name}?',
  enable: 'เปิด',
  disable: 'ปิด',
  off: 'ปิดอยู่',
  running: 'กำลังอ่านภาพ',
  stopped: 'ไม่ได้อ่านภาพ',
  finished: 'อ่านครบแล้ว',
  fps: '{n} ภาพ/วินาที',
  lastCode: 'QR ล่าสุด',
  lastAction: 'ผลล่าสุด',
  lastError: 'ข้อผิดพลาดล่าสุด',
  none: 'ยังไม่มีกล้อง',
};

const en: Record<keyof typeof th, string> = {
  helpTitle: 'USB cameras reading QR codes at a station',
  help: 'Plug a USB camera into the box and pick its station: the box reads pane stickers and check-in codes itself, as if a phone had scanned. Use /dev/v4l/by-id/… so the camera is found again after replugging.',
  add: 'Add camera',
  name: 'Camera name',
  device: 'Device',
  station: 'Station',
  enabled: 'Enabled',
  save: 'Save',
  remove: 'Remove camera',
  removeQ: 'Remove camera {name}?',
  enable: 'Enable',
  disable: 'Disable',
  off: 'Off',
  running: 'Capturing',
  stopped: 'Not capturing',
  finished: 'Read to the end',
  fps: '{n} frames/s',
  lastCode: 'Last code',
  lastAction: 'Last result',
  lastError: 'Last error',
  none: 'No cameras yet',
};

export const tc = messages(th, en);

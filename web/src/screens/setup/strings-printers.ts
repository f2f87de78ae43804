// Setup's strings for label printers and printing an order's labels on one (Thai first; the
// English table must have every key).
import { messages } from '../../lib/i18n';

const th = {
  help:
    'เครื่องพิมพ์ฉลากในเครือข่าย (ZPL ของ Zebra หรือ TSPL ของ TSC) พอร์ต 9100 กล่องส่งสติกเกอร์ของกระจกแต่ละแผ่นไปพิมพ์โดยตรง ตั้งให้พิมพ์อัตโนมัติเมื่อปล่อยงานของสถานีได้ ภาษาไทยต้องใช้ฟอนต์ไทยที่ติดตั้งในเครื่องพิมพ์',
  add: 'เพิ่มเครื่องพิมพ์',
  edit: 'แก้ไขเครื่องพิมพ์ {name}',
  name: 'ชื่อ',
  kind: 'ภาษาเครื่องพิมพ์',
  host: 'ที่อยู่ IP หรือชื่อเครื่อง',
  port: 'พอร์ต',
  dpi: 'ความละเอียด (dpi)',
  width: 'กว้าง (มม.)',
  height: 'สูง (มม.)',
  station: 'สถานีที่ใช้',
  anyStation: 'ทุกสถานี',
  onRelease: 'พิมพ์อัตโนมัติเมื่อปล่อยงาน (ออเดอร์ที่เริ่มที่สถานีนี้)',
  font: 'ฟอนต์ในเครื่องพิมพ์ (สำหรับภาษาไทย เช่น E:THAI.TTF)',
  size: 'ขนาดฉลาก',
  onReleaseTag: 'พิมพ์เมื่อปล่อยงาน',
  test: 'พิมพ์ทดสอบ',
  testSent: 'ส่งฉลากทดสอบไปที่ {name} แล้ว',
  delete: 'ลบ',
  deleteQ: 'ลบเครื่องพิมพ์ {name}?',
  // An order's labels on a printer
  printTitle: 'พิมพ์สติกเกอร์ที่เครื่องพิมพ์ฉลาก',
  printPrinter: 'เครื่องพิมพ์',
  printNone: 'ยังไม่มีเครื่องพิมพ์ — เพิ่มได้ที่แท็บเครื่องพิมพ์ฉลาก',
  printButton: 'พิมพ์สติกเกอร์ทั้งหมด',
  printSending: 'กำลังส่ง…',
  printSent: 'ส่ง {n} ฉลากไปที่ {name} แล้ว',
};

const en: Record<keyof typeof th, string> = {
  help:
    'Networked label printers (Zebra ZPL or TSC TSPL) on port 9100: the box sends each pane’s sticker straight to them, and can print a station’s releases automatically. Thai text needs a Thai font installed on the printer.',
  add: 'Add printer',
  edit: 'Edit printer {name}',
  name: 'Name',
  kind: 'Printer language',
  host: 'IP address or host name',
  port: 'Port',
  dpi: 'Resolution (dpi)',
  width: 'Width (mm)',
  height: 'Height (mm)',
  station: 'Station it serves',
  anyStation: 'Every station',
  onRelease: 'Print automatically on release (orders starting at this station)',
  font: 'Printer font (for Thai, e.g. E:THAI.TTF)',
  size: 'Label size',
  onReleaseTag: 'prints on release',
  test: 'Test print',
  testSent: 'Test label sent to {name}',
  delete: 'Delete',
  deleteQ: 'Delete printer {name}?',
  printTitle: 'Print stickers on a label printer',
  printPrinter: 'Printer',
  printNone: 'No printer yet — add one in the Label printers tab',
  printButton: 'Print all stickers',
  printSending: 'Sending…',
  printSent: 'Sent {n} labels to {name}',
};

export const tp = messages(th, en);

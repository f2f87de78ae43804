// Turning a picture into QR text: photos from the phone's own camera app (works on plain HTTP)
// and frames of the live camera. The box decodes (POST /api/qr/decode); a 12 MP photo is first
// shrunk here so that a phone on shop Wi-Fi sends ~300 KB instead of 4 MB.
import { request } from '../../lib/api';

const LONG_SIDE = 1600;
const QUALITY = 0.85;

type Drawable = ImageBitmap | HTMLImageElement | HTMLVideoElement;

function sizeOf(source: Drawable): [number, number] {
  if (source instanceof HTMLVideoElement) return [source.videoWidth, source.videoHeight];
  if (source instanceof HTMLImageElement) return [source.naturalWidth, source.naturalHeight];
  return [source.width, source.height];
}

/** Draws `source` with its long side at most 1600 px and encodes it as JPEG 0.85. */
export function toJpeg(source: Drawable, canvas = document.createElement('canvas')): Promise<Blob> {
  const [width, height] = sizeOf(source);
  if (!width || !height) return Promise.reject(new Error('empty image'));
  const scale = Math.min(1, LONG_SIDE / Math.max(width, height));
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const context = canvas.getContext('2d');
  if (!context) return Promise.reject(new Error('no canvas'));
  context.drawImage(source, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('encode failed'))), 'image/jpeg', QUALITY),
  );
}

/** Decodes a photo file into a drawable: createImageBitmap where it exists, else an <img>. */
async function load(file: Blob): Promise<{ image: Drawable; done: () => void }> {
  if (typeof createImageBitmap === 'function') {
    try {
      const bitmap = await createImageBitmap(file);
      return { image: bitmap, done: () => bitmap.close() };
    } catch {
      // Some browsers can't bitmap HEIC or large files; the <img> path may still work.
    }
  }
  const url = URL.createObjectURL(file);
  const image = new Image();
  await new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error('not an image'));
    image.src = url;
  });
  return { image, done: () => URL.revokeObjectURL(url) };
}

export async function photoToJpeg(file: Blob): Promise<Blob> {
  const { image, done } = await load(file);
  try {
    return await toJpeg(image);
  } finally {
    done();
  }
}

/** The codes the box finds in a JPEG (possibly none). */
export async function decodeOnBox(jpeg: Blob, token: string, timeoutMs = 30000): Promise<string[]> {
  const typed = jpeg.type === 'image/jpeg' ? jpeg : new Blob([jpeg], { type: 'image/jpeg' });
  const data = await request<{ codes?: string[] }>('POST', '/qr/decode', { token, raw: typed, timeoutMs });
  return data?.codes ?? [];
}

// The browser's own detector (Chrome on Android) where it exists; not in TypeScript's DOM lib.
interface Detected {
  rawValue: string;
}
interface Detector {
  detect(source: HTMLVideoElement): Promise<Detected[]>;
}
interface DetectorClass {
  new (options: { formats: string[] }): Detector;
  getSupportedFormats?: () => Promise<string[]>;
}

export async function qrDetector(): Promise<Detector | null> {
  const Class = (window as unknown as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
  if (!Class) return null;
  try {
    const formats = (await Class.getSupportedFormats?.()) ?? ['qr_code'];
    return formats.includes('qr_code') ? new Class({ formats: ['qr_code'] }) : null;
  } catch {
    return null;
  }
}

export const liveCameraPossible = (): boolean =>
  window.isSecureContext === true && typeof navigator.mediaDevices?.getUserMedia === 'function';

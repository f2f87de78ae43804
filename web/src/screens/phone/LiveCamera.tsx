// Continuous scanning with the rear camera, only offered in a secure context (getUserMedia needs
// HTTPS or localhost). BarcodeDetector where the browser has it; otherwise a frame every ~700 ms
// goes to the box's decoder. The same code is ignored until it has been out of view for 2.5 s,
// so holding a sticker in front of the lens does not scan it in and then complete it.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../lib/i18n';
import { Icon } from '../../ui/icons';
import { decodeOnBox, qrDetector, toJpeg } from './qrimage';
import { p } from './strings';

const DUPLICATE_MS = 2500;
const DETECTOR_EVERY_MS = 250;
const UPLOAD_EVERY_MS = 700;

interface Props {
  token: string;
  /** While true (an answer is on screen) frames are not read. */
  paused: boolean;
  onCode: (text: string) => void;
  onStop: () => void;
  /** The camera could not open: the message says to use the photo button. */
  onError: (message: string) => void;
}

export function LiveCamera({ token, paused, onCode, onStop, onError }: Props) {
  const video = useRef<HTMLVideoElement>(null);
  const [track, setTrack] = useState<MediaStreamTrack | null>(null);
  const [torchable, setTorchable] = useState(false);
  const [torch, setTorch] = useState(false);
  const live = useRef({ paused, onCode, token });
  live.current = { paused, onCode, token };

  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const seen = { code: '', at: 0 };
    const canvas = document.createElement('canvas');

    const found = (codes: string[]) => {
      const code = codes.find((c) => c.trim());
      if (!code) return;
      const now = Date.now();
      const repeat = code === seen.code && now - seen.at < DUPLICATE_MS;
      seen.code = code;
      seen.at = now;
      if (!repeat && !live.current.paused) live.current.onCode(code);
    };

    video.current?.closest('.live-camera')?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    const start = async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          audio: false,
          video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
        });
      } catch (error) {
        if (stopped) return;
        const name = (error as DOMException)?.name ?? '';
        if (name === 'NotAllowedError' || name === 'SecurityError') onError(t('phoneCameraDenied'));
        else if (name === 'NotFoundError' || name === 'OverconstrainedError') onError(p('cameraNone'));
        else onError(p('cameraFailed', { error: name || String(error) }));
        return;
      }
      if (stopped || !video.current) {
        stream.getTracks().forEach((tr) => tr.stop());
        return;
      }
      const element = video.current;
      element.srcObject = stream;
      await element.play().catch(() => {});
      const videoTrack = stream.getVideoTracks()[0] ?? null;
      setTrack(videoTrack);
      const capabilities = (videoTrack?.getCapabilities?.() ?? {}) as { torch?: boolean };
      setTorchable(capabilities.torch === true);

      const detector = await qrDetector();
      const tick = async () => {
        if (stopped) return;
        if (!live.current.paused && element.readyState >= 2) {
          try {
            if (detector) {
              found((await detector.detect(element)).map((d) => d.rawValue));
            } else {
              // One upload at a time: the next frame is taken only after the answer.
              found(await decodeOnBox(await toJpeg(element, canvas), live.current.token, 8000));
            }
          } catch {
            // A dropped frame or the box briefly away: the next tick tries again.
          }
        }
        if (!stopped) timer = setTimeout(tick, detector ? DETECTOR_EVERY_MS : UPLOAD_EVERY_MS);
      };
      void tick();
    };
    void start();
    return () => {
      stopped = true;
      clearTimeout(timer);
      stream?.getTracks().forEach((tr) => tr.stop());
    };
  }, []);

  const toggleTorch = async () => {
    if (!track) return;
    try {
      await track.applyConstraints({ advanced: [{ torch: !torch } as MediaTrackConstraintSet] });
      setTorch(!torch);
    } catch {
      setTorchable(false);
    }
  };

  return (
    <div class="live-camera" data-testid="live-camera">
      <div class="live-frame">
        <video ref={video} playsInline muted autoPlay class="live-video" />
        <div class="live-target" aria-hidden="true" />
        {!track && <div class="live-status">{p('cameraStarting')}</div>}
      </div>
      <p class="muted">{p('cameraHint')}</p>
      <div class="btn-row">
        {torchable && (
          <button type="button" class="btn btn-big" data-testid="torch-toggle" aria-pressed={torch} onClick={toggleTorch}>
            <Icon name="torch" /> {torch ? p('torchOff') : p('torchOn')}
          </button>
        )}
        <button type="button" class="btn btn-big btn-bad" data-testid="camera-stop" onClick={onStop}>
          <Icon name="stop" /> {t('phoneStopCamera')}
        </button>
      </div>
    </div>
  );
}

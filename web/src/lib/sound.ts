// Built-in sounds, synthesised with Web Audio: nothing is fetched from a CDN (upstream's alert
// sounds failed offline). Distinct shapes so a worker can tell ok, refused and alert apart
// without looking.
let context: AudioContext | null = null;

function audio(): AudioContext | null {
  try {
    context ??= new AudioContext();
    if (context.state === 'suspended') void context.resume();
    return context;
  } catch {
    return null;
  }
}

function tone(at: number, frequency: number, length: number, type: OscillatorType = 'sine'): void {
  const ctx = audio();
  if (!ctx) return;
  const start = ctx.currentTime + at;
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = type;
  osc.frequency.value = frequency;
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(0.4, start + 0.01);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + length);
  osc.connect(gain).connect(ctx.destination);
  osc.start(start);
  osc.stop(start + length + 0.02);
}

export const sounds = {
  ok() {
    tone(0, 880, 0.12);
    tone(0.12, 1320, 0.18);
  },
  refused() {
    tone(0, 220, 0.25, 'square');
    tone(0.28, 180, 0.35, 'square');
  },
  queued() {
    tone(0, 660, 0.15, 'triangle');
  },
  alert() {
    tone(0, 988, 0.15, 'triangle');
    tone(0.18, 988, 0.15, 'triangle');
    tone(0.36, 1319, 0.25, 'triangle');
  },
};

/** Browsers start audio only after a user gesture: unlock it on the first touch or key. */
export function unlockAudioOnFirstGesture(): void {
  const unlock = () => {
    audio();
    window.removeEventListener('pointerdown', unlock);
    window.removeEventListener('keydown', unlock);
  };
  window.addEventListener('pointerdown', unlock);
  window.addEventListener('keydown', unlock);
}

export function vibrate(pattern: number | number[]): void {
  try {
    navigator.vibrate?.(pattern);
  } catch {
    // Not a phone.
  }
}

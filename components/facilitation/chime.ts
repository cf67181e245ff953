/** A gentle chime made on this device (Web Audio), so no sound file has to load at a venue. */

const MUTE_KEY = 'together-board.timer-chime-muted';
const CHIME_NOTES_HZ = [659.25, 880]; // E5 then A5: soft and clear, not an alarm.
const NOTE_GAP_S = 0.35;
const NOTE_LENGTH_S = 1.4;
const PEAK_GAIN = 0.18;

/** Whether this device has muted the chime (remembered across visits). */
export function isChimeMuted(): boolean {
  try {
    return window.localStorage.getItem(MUTE_KEY) === '1';
  } catch {
    return false;
  }
}

/** Remembers this device's choice. */
export function setChimeMuted(muted: boolean): void {
  try {
    window.localStorage.setItem(MUTE_KEY, muted ? '1' : '0');
  } catch {
    // Private browsing without storage: the choice lasts until the page closes.
  }
}

let context: AudioContext | null = null;

/** Browsers only allow sound after a person has pressed something: call this from any click. */
export function unlockAudio(): void {
  if (typeof window === 'undefined' || !('AudioContext' in window)) return;
  context ??= new AudioContext();
  if (context.state === 'suspended') void context.resume();
}

/** Plays two soft notes that fade out. */
export function playChime(): void {
  if (typeof window === 'undefined' || !('AudioContext' in window)) return;
  context ??= new AudioContext();
  const ctx = context;
  if (ctx.state === 'suspended') void ctx.resume();
  CHIME_NOTES_HZ.forEach((hz, i) => {
    const start = ctx.currentTime + i * NOTE_GAP_S;
    const oscillator = ctx.createOscillator();
    const gain = ctx.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = hz;
    gain.gain.setValueAtTime(0, start);
    gain.gain.linearRampToValueAtTime(PEAK_GAIN, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + NOTE_LENGTH_S);
    oscillator.connect(gain).connect(ctx.destination);
    oscillator.start(start);
    oscillator.stop(start + NOTE_LENGTH_S);
  });
}

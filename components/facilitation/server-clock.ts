import type { FacilitationView } from '@/server/facilitation/view';

/**
 * The server's clock as seen from this device. Every event carries the server's `now`; the
 * event arrives a little later, so `serverNow - localArrival` underestimates the offset by the
 * delay. The largest recent sample is the one with the least delay: we keep that, over a short
 * window so a laptop whose clock is corrected mid-session catches up.
 */
export const CLOCK_SAMPLES = 8;

/** Keeps recent clock samples and answers the best offset (server minus local, in ms). */
export class ServerClock {
  private samples: number[] = [];

  /** Records one event's server time against the local time it arrived. */
  sample(serverNow: number, localArrival: number): void {
    this.samples.push(serverNow - localArrival);
    if (this.samples.length > CLOCK_SAMPLES) this.samples.shift();
  }

  /** Server time minus local time, in ms (0 before the first sample). */
  offsetMs(): number {
    return this.samples.length ? Math.max(...this.samples) : 0;
  }

  /** The server's time now, estimated. */
  now(localNow = Date.now()): number {
    return localNow + this.offsetMs();
  }
}

/** "4:05", "0:09", "1:02:00": the remaining time as people read it. Rounds up, so 0:00 means done. */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** "4 minutes 5 seconds": for screen readers, which read "4:05" badly. */
export function speakRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  const parts = [];
  if (minutes) parts.push(`${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`);
  if (seconds || !minutes) parts.push(`${seconds} ${seconds === 1 ? 'second' : 'seconds'}`);
  return parts.join(' ');
}

/** "Time is up" stays this long on every screen, then the card goes (it stayed for good). */
export const TIME_UP_SHOWN_MS = 10_000;

/** What the timer card shows at server time `now`, or null when there is no card. */
export interface TimerCard {
  remainingMs: number;
  /** Running and at zero: the card says "Time is up". */
  done: boolean;
}

/**
 * The timer card at server time `now`: none once the facilitator stops the timer ("Stop timer"
 * takes it off every screen), nor TIME_UP_SHOWN_MS after the time is up.
 */
export function timerCard(timer: Pick<FacilitationView['timer'], 'status' | 'remainingMs' | 'endsAt'>, now: number): TimerCard | null {
  if (timer.status === 'stopped') return null;
  const running = timer.status === 'running' && timer.endsAt !== null;
  const remainingMs = running ? Math.max(0, (timer.endsAt as number) - now) : timer.remainingMs;
  const done = running && remainingMs === 0;
  if (done && now - (timer.endsAt as number) > TIME_UP_SHOWN_MS) return null;
  return { remainingMs, done };
}

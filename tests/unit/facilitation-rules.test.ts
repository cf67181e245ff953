import { describe, expect, it } from 'vitest';
import { formatRemaining, ServerClock, speakRemaining, TIME_UP_SHOWN_MS, timerCard } from '../../components/facilitation/server-clock';
import { applyTimerCommand, IDLE_TIMER, MAX_TIMER_MS, remainingAt, type TimerState } from '../../server/facilitation/timer-rules';
import { rankResults } from '../../server/facilitation/votes';

const MINUTE = 60_000;

function apply(timer: TimerState, command: Parameters<typeof applyTimerCommand>[1], now: number): TimerState {
  const next = applyTimerCommand(timer, command, now);
  if ('refused' in next) throw new Error(next.refused);
  return next;
}

describe('timer rules', () => {
  it('refuses to start a timer with no time set, and to pause one that is not running', () => {
    expect(applyTimerCommand(IDLE_TIMER, { type: 'start' }, 0)).toEqual({ refused: 'Set how long the timer should run first.' });
    expect(applyTimerCommand(IDLE_TIMER, { type: 'pause' }, 0)).toEqual({ refused: 'The timer is not running.' });
  });

  it('counts down from the server clock, pauses, resumes and restarts after running out when time is added', () => {
    let t = apply(IDLE_TIMER, { type: 'start', durationMs: 2 * MINUTE }, 1000);
    expect(remainingAt(t, 1000 + MINUTE)).toBe(MINUTE);
    t = apply(t, { type: 'pause' }, 1000 + 30_000);
    expect(remainingAt(t, 10 * MINUTE)).toBe(90_000);
    t = apply(t, { type: 'start' }, 5 * MINUTE);
    expect(t.endsAt).toBe(5 * MINUTE + 90_000);
    expect(remainingAt(t, 20 * MINUTE)).toBe(0);
    t = apply(t, { type: 'add', ms: MINUTE }, 20 * MINUTE);
    expect(t).toMatchObject({ status: 'running', endsAt: 21 * MINUTE });
    // Starting a running timer changes nothing.
    expect(apply(t, { type: 'start' }, 20 * MINUTE + 5)).toEqual(t);
  });

  it('never runs longer than four hours', () => {
    const t = apply(IDLE_TIMER, { type: 'set', durationMs: MAX_TIMER_MS }, 0);
    expect(remainingAt(apply(t, { type: 'add', ms: MINUTE }, 0), 0)).toBe(MAX_TIMER_MS);
  });
});

describe('vote ranking', () => {
  it('ranks most votes first and lets ties share a rank', () => {
    expect(rankResults(['shape:b', 'shape:a', 'shape:b', 'shape:c', 'shape:a', 'shape:d', 'shape:d', 'shape:d'])).toEqual([
      { shapeId: 'shape:d', count: 3, rank: 1 },
      { shapeId: 'shape:a', count: 2, rank: 2 },
      { shapeId: 'shape:b', count: 2, rank: 2 },
      { shapeId: 'shape:c', count: 1, rank: 4 },
    ]);
  });
});

describe('server clock', () => {
  it('keeps the sample with the least delay, so two screens agree on the server time', () => {
    const clock = new ServerClock();
    expect(clock.offsetMs()).toBe(0);
    // The server is 5 s ahead; events arrive after 300, 40 and 120 ms.
    clock.sample(10_000, 5_300);
    clock.sample(20_000, 15_040);
    clock.sample(30_000, 25_120);
    expect(clock.offsetMs()).toBe(4_960);
    expect(clock.now(1_000)).toBe(5_960);
  });

  it('shows and speaks the remaining time rounding up, so 0:00 only shows at the end', () => {
    expect(formatRemaining(245_000)).toBe('4:05');
    expect(formatRemaining(100)).toBe('0:01');
    expect(formatRemaining(0)).toBe('0:00');
    expect(formatRemaining(3_720_000)).toBe('1:02:00');
    expect(speakRemaining(61_000)).toBe('1 minute 1 second');
    expect(speakRemaining(0)).toBe('0 seconds');
  });
});

describe('the timer card', () => {
  const running = { status: 'running' as const, remainingMs: 60_000, endsAt: 100_000 };
  it('shows the time left, then "Time is up" for a while, then goes from every screen', () => {
    expect(timerCard(running, 40_000)).toEqual({ remainingMs: 60_000, done: false });
    expect(timerCard(running, 100_000)).toEqual({ remainingMs: 0, done: true });
    expect(timerCard(running, 100_000 + TIME_UP_SHOWN_MS)).toEqual({ remainingMs: 0, done: true });
    expect(timerCard(running, 100_001 + TIME_UP_SHOWN_MS)).toBeNull();
  });

  it('goes at once when the facilitator stops the timer, and keeps a paused one', () => {
    expect(timerCard({ status: 'stopped', remainingMs: 60_000, endsAt: null }, 0)).toBeNull();
    expect(timerCard({ status: 'paused', remainingMs: 30_000, endsAt: null }, 10 ** 9)).toEqual({ remainingMs: 30_000, done: false });
  });
});

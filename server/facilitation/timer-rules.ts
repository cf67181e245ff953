/** The facilitator's timer as pure rules on the server's clock (milliseconds since the epoch). */

export const TIMER_STATUSES = ['stopped', 'running', 'paused'] as const;
export type TimerStatus = (typeof TIMER_STATUSES)[number];

/** The longest a timer may run: a workshop day. */
export const MAX_TIMER_MS = 4 * 60 * 60 * 1000;

/** The stored timer. While running, `endsAt` decides; otherwise `remainingMs` does. */
export interface TimerState {
  status: TimerStatus;
  durationMs: number;
  remainingMs: number;
  endsAt: number | null;
}

/** A facilitator's timer command. */
export type TimerCommand =
  | { type: 'set'; durationMs: number }
  | { type: 'start'; durationMs?: number }
  | { type: 'pause' }
  | { type: 'add'; ms: number }
  | { type: 'stop' };

/** A timer nobody has set yet. */
export const IDLE_TIMER: TimerState = { status: 'stopped', durationMs: 0, remainingMs: 0, endsAt: null };

/** Milliseconds left at `nowMs`, never below zero. */
export function remainingAt(timer: TimerState, nowMs: number): number {
  if (timer.status === 'running' && timer.endsAt !== null) return Math.max(0, timer.endsAt - nowMs);
  return Math.max(0, timer.remainingMs);
}

/**
 * The timer after `command` at `nowMs`, or a reason it cannot apply. Setting stops the timer
 * with the new time; adding time to a timer that has run out starts it again from now.
 */
export function applyTimerCommand(timer: TimerState, command: TimerCommand, nowMs: number): TimerState | { refused: string } {
  const left = remainingAt(timer, nowMs);
  switch (command.type) {
    case 'set':
      return { status: 'stopped', durationMs: command.durationMs, remainingMs: command.durationMs, endsAt: null };
    case 'start': {
      const base = command.durationMs !== undefined ? { ...timer, durationMs: command.durationMs, remainingMs: command.durationMs, status: 'stopped' as const } : timer;
      if (base.status === 'running' && left > 0) return base;
      const from = base.status === 'running' ? 0 : base.remainingMs;
      if (from <= 0) return { refused: 'Set how long the timer should run first.' };
      return { status: 'running', durationMs: base.durationMs, remainingMs: from, endsAt: nowMs + from };
    }
    case 'pause':
      if (timer.status !== 'running') return { refused: 'The timer is not running.' };
      return { status: 'paused', durationMs: timer.durationMs, remainingMs: left, endsAt: null };
    case 'add': {
      const total = Math.min(MAX_TIMER_MS, left + command.ms);
      const durationMs = Math.min(MAX_TIMER_MS, timer.durationMs + command.ms);
      if (timer.status === 'running') return { status: 'running', durationMs, remainingMs: total, endsAt: nowMs + total };
      return { status: timer.status, durationMs, remainingMs: total, endsAt: null };
    }
    case 'stop':
      return { status: 'stopped', durationMs: timer.durationMs, remainingMs: timer.durationMs, endsAt: null };
  }
}

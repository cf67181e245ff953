import type { Db } from '../db/client';
import { AppError } from '../errors';
import type { Actor } from '../domain/people';
import { publish } from './bus';
import { boardGate } from '../access/board-gate';
import { TimerInput } from './input';
import { applyTimerCommand, IDLE_TIMER, TIMER_STATUSES, type TimerState, type TimerStatus } from './timer-rules';

/** The stored timer of a board (a board nobody has timed yet has an idle timer). */
export async function readTimer(db: Db, boardId: string): Promise<TimerState> {
  const row = await db.boardFacilitation.findUnique({ where: { boardId } });
  if (!row) return IDLE_TIMER;
  const status: TimerStatus = (TIMER_STATUSES as readonly string[]).includes(row.timerStatus) ? (row.timerStatus as TimerStatus) : 'stopped';
  return { status, durationMs: row.timerDurationMs, remainingMs: row.timerRemainingMs, endsAt: row.timerEndsAt?.getTime() ?? null };
}

/** Set, start, pause, add time to or stop a board's timer (facilitators only), on the server's clock. */
export async function commandTimer(db: Db, actor: Actor, boardId: string, input: unknown, now = new Date()): Promise<TimerState> {
  const { data } = await boardGate(db, actor, boardId, 'board.facilitate', TimerInput, input);
  const next = await db.$transaction(async (tx) => {
    const current = await readTimer(tx as Db, boardId);
    const applied = applyTimerCommand(current, data, now.getTime());
    if ('refused' in applied) throw new AppError('invalid_input', applied.refused, { type: [applied.refused] });
    const fields = {
      timerStatus: applied.status,
      timerDurationMs: applied.durationMs,
      timerRemainingMs: applied.remainingMs,
      timerEndsAt: applied.endsAt === null ? null : new Date(applied.endsAt),
    };
    await tx.boardFacilitation.upsert({ where: { boardId }, create: { boardId, ...fields }, update: fields });
    return applied;
  });
  publish({ kind: 'changed', boardId });
  return next;
}

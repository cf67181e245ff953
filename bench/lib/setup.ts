import crypto from 'node:crypto';
import type { Db } from '../../server/db/client';
import type { MemberRole } from '../../server/domain/roles';
import { issueBoardToken } from '../../server/auth/board-token';

export interface BenchUser {
  id: string;
  name: string;
  sessionId: string;
  role: MemberRole;
}

export interface BenchWorld {
  users: BenchUser[];
  /** Where the boards live (for scenarios that add boards of their own). */
  place: { programmeId: string; cohortId: string };
  boards: {
    fanout: string;
    crowd: string;
    ack: string;
    /** Only for the commit timings (its log holds dummy rows: never opened by a server). */
    commit: string;
    big: { label: string; id: string; bytes: number }[];
    small: string[];
    idle: string[];
  };
}

/** The template small boards are created with (a pair's board: frames, prompts, notes). */
export const SMALL_BOARD_TEMPLATE = 'pair';

/**
 * Seeds one programme, venue and cohort, `users` members each with a live session, and the
 * boards every scenario uses, straight through Prisma (as tests/helpers/realtime.ts does).
 * Several users because our server allows 50 sockets per person.
 */
export async function seedWorld(
  db: Db,
  options: { users: number; smallBoards: number; idleBoards: number; big: { label: string; update: Uint8Array }[] },
): Promise<BenchWorld> {
  const run = crypto.randomBytes(4).toString('hex');
  const programme = await db.programme.create({ data: { name: `Bench ${run}` } });
  const venue = await db.venue.create({ data: { name: `Bench venue ${run}`, area: 'Bench' } });
  const cohort = await db.cohort.create({ data: { programmeId: programme.id, venueId: venue.id, name: 'Bench cohort' } });
  const expires = new Date(Date.now() + 24 * 3600 * 1000);
  const users: BenchUser[] = Array.from({ length: options.users }, (_, i) => ({
    id: `bench-${run}-user-${i}`,
    name: `Bench person ${i}`,
    sessionId: `bench-${run}-session-${i}`,
    role: i === 0 ? 'facilitator' : i % 2 === 0 ? 'professional' : 'lay_partner',
  }));
  await db.user.createMany({ data: users.map((u) => ({ id: u.id, name: u.name, email: `${u.id}@example.org` })) });
  await db.session.createMany({ data: users.map((u) => ({ id: u.sessionId, userId: u.id, sessionToken: `token-${u.sessionId}`, expires })) });
  await db.member.createMany({ data: users.map((u) => ({ cohortId: cohort.id, userId: u.id, role: u.role })) });

  const place = { programmeId: programme.id, cohortId: cohort.id };
  const board = (title: string) => createBoard(db, place, title);
  const fanout = await board('Fan-out');
  const crowd = await board('Crowd');
  const ack = await board('Saved acknowledgement');
  const commit = await board('Commit timings');
  const many = async (prefix: string, count: number) =>
    (
      await db.board.createManyAndReturn({
        data: Array.from({ length: count }, (_, i) => ({ programmeId: programme.id, cohortId: cohort.id, kind: 'workshop', title: `${prefix} ${i}`, template: SMALL_BOARD_TEMPLATE })),
        select: { id: true, title: true },
      })
    )
      .sort((a, b) => Number(a.title.split(' ').at(-1)) - Number(b.title.split(' ').at(-1)))
      .map((b) => b.id);
  const small = await many('Small', options.smallBoards);
  const idle = await many('Idle', options.idleBoards);
  const big: BenchWorld['boards']['big'] = [];
  for (const { label, update } of options.big) {
    const id = await board(`Big ${label}`);
    // Stored as a compacted snapshot, as the server leaves a board it has unloaded.
    await db.boardSnapshot.create({ data: { boardId: id, data: new Uint8Array(update), throughUpdateId: 0 } });
    big.push({ label, id, bytes: update.length });
  }
  return { users, place, boards: { fanout, crowd, ack, commit, big, small, idle } };
}

/** One more workshop board (the template of the fan-out boards) in the bench's cohort. */
export async function createBoard(db: Db, place: BenchWorld['place'], title: string): Promise<string> {
  return (await db.board.create({ data: { ...place, kind: 'workshop', title, template: 'workshop-1' } })).id;
}

/** One edit token per socket, spreading sockets over the users. */
export async function tokensFor(world: BenchWorld, boardIds: string[]): Promise<string[]> {
  return Promise.all(
    boardIds.map(async (boardId, i) => {
      const u = world.users[i % world.users.length];
      const { token } = await issueBoardToken({ userId: u.id, boardId, access: 'edit', name: u.name, role: u.role, sessionId: u.sessionId });
      return token;
    }),
  );
}

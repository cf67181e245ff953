/**
 * Who is on a board, read from Yjs awareness. The realtime server overwrites each awareness
 * state's `user` field with the identity it verified from the token, so this module trusts only
 * that field and ignores anything else a client says about itself. No tldraw imports: the
 * "Who is here" list renders before the canvas loads.
 */
import { ROLE_LABELS, isMemberRole, type MemberRole } from '../server/domain/roles';

/** A person as the server verified them. */
export interface VerifiedUser {
  id: string;
  name: string;
  role: MemberRole;
  color: string;
}

/** One line of the "Who is here" list. */
export interface PersonHere extends VerifiedUser {
  roleLabel: string;
  isSelf: boolean;
}

const COLOUR_PATTERN = /^#[0-9a-f]{3,8}$/i;
/** Used when the server sends no usable colour; dark enough for white text and for a cursor. */
export const FALLBACK_COLOUR = '#4a5568';
const MAX_NAME_LENGTH = 80;

/** Reads the server-verified `user` field of an awareness state; null when absent or malformed. */
export function readVerifiedUser(state: unknown): VerifiedUser | null {
  if (typeof state !== 'object' || state === null) return null;
  const user = (state as { user?: unknown }).user;
  if (typeof user !== 'object' || user === null) return null;
  const { id, name, role, color } = user as Record<string, unknown>;
  if (typeof id !== 'string' || id.length === 0 || !isMemberRole(role)) return null;
  const displayName = typeof name === 'string' && name.trim() ? name.trim().slice(0, MAX_NAME_LENGTH) : 'Someone';
  const colour = typeof color === 'string' && COLOUR_PATTERN.test(color) ? color : FALLBACK_COLOUR;
  return { id, name: displayName, role, color: colour };
}

/**
 * The people on the board, one entry per person however many tabs or laptops they have open:
 * this device's person first, then everyone else by name.
 */
export function peopleHere(states: ReadonlyMap<number, unknown>, self: VerifiedUser): PersonHere[] {
  const byId = new Map<string, PersonHere>();
  byId.set(self.id, { ...self, roleLabel: ROLE_LABELS[self.role], isSelf: true });
  for (const state of states.values()) {
    const user = readVerifiedUser(state);
    if (!user) continue;
    if (user.id === self.id) {
      // The server's view of us wins for the colour others see us in.
      byId.set(self.id, { ...user, roleLabel: ROLE_LABELS[user.role], isSelf: true });
      continue;
    }
    if (!byId.has(user.id)) byId.set(user.id, { ...user, roleLabel: ROLE_LABELS[user.role], isSelf: false });
  }
  const [me, ...others] = [...byId.values()].sort((a, b) => Number(b.isSelf) - Number(a.isSelf));
  others.sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  return [me, ...others];
}

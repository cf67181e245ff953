/**
 * Cursor colours, readable on tldraw's light and dark backgrounds. A person keeps one colour
 * on every board and every device because it is derived from their user id.
 */
const PRESENCE_COLORS = [
  '#d7263d', '#1b998b', '#2e86ab', '#f18f01', '#7b2cbf', '#3a7d44',
  '#c2185b', '#00838f', '#5c6bc0', '#ef6c00', '#6d4c41', '#0277bd',
] as const;

/** The presence colour for a user (FNV-1a hash of the id, so it is stable and spread out). */
export function colorForUser(userId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return PRESENCE_COLORS[(hash >>> 0) % PRESENCE_COLORS.length];
}

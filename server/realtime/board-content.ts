/**
 * What may live in a board's records at all, whatever tldraw's schema would accept: nothing that
 * makes a viewer's browser reach another host on its own (a bookmark's preview image, an embed's
 * iframe, a picture on someone else's server would tell that host who opened the board, past
 * its access check), and no record type the board does not use (tldraw's session records, such
 * as a camera or a pointer, belong to one browser, never to the shared document).
 */

/**
 * Record types a board's document holds; tldraw's other types are per-browser session state.
 * `user` is each person's name and colour as tldraw shares them (only their own: record-policy.ts).
 */
const DOCUMENT_RECORD_TYPES = new Set(['document', 'page', 'shape', 'asset', 'binding', 'user']);
/** tldraw's default shapes, less bookmark and embed (they load other hosts' pages and images). */
const ALLOWED_SHAPE_TYPES = new Set(['arrow', 'draw', 'frame', 'geo', 'group', 'highlight', 'image', 'line', 'note', 'text', 'video']);
/** Assets are uploads only: a bookmark asset is another site's title, icon and preview image. */
const ALLOWED_ASSET_TYPES = new Set(['image', 'video']);

/**
 * An address the browser resolves to another host: a special scheme (browsers read `https:x.org`
 * as `https://x.org`), any scheme followed by `//`, or a protocol-relative `//host` (also written
 * with backslashes, which browsers treat as slashes). Leading controls and spaces, and tabs and
 * newlines anywhere, are removed first, as URL parsers do. Relative paths on our own host (`/api/assets/<id>`) and `data:` are not matched.
 */
const EXTERNAL_URL = /^(?:(?:https?|wss?|ftp|file):|[a-z][a-z0-9+.-]*:[\\/]{2}|[\\/]{2})/i;

/** Keys whose strings are words people typed (shown as text) or links they may choose to follow. */
const TYPED_TEXT_KEYS = new Set(['text', 'href']);

/** How much of a refused value goes into an error message. */
const PREVIEW_CHARS = 40;

/** Whether a string is an address on another host (see EXTERNAL_URL). */
export function isExternalUrl(value: string): boolean {
  const url = value.replace(/[\t\n\r]/g, '');
  let start = 0;
  while (start < url.length && url.charCodeAt(start) <= 0x20) start++;
  return EXTERNAL_URL.test(start === 0 ? url : url.slice(start));
}

/** The first external address in a value, with where it sits, or null. Bounded by the value's size. */
function findExternalUrl(value: unknown, path: string): string | null {
  if (typeof value === 'string') return isExternalUrl(value) ? path : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, child] of Object.entries(value)) {
    // Typed words ("see https://nhs.uk" in a note) and rich-text links (tldraw links typed
    // addresses itself) are only ever followed by a person who clicks them.
    if (typeof child === 'string' && TYPED_TEXT_KEYS.has(key)) continue;
    const found = findExternalUrl(child, `${path}.${key}`);
    if (found) return found;
  }
  return null;
}

/**
 * Throws when a record may not be on a board: a type the board does not use (session records,
 * bookmark and embed shapes, bookmark assets) or any property holding another host's address.
 */
export function assertBoardContent(record: unknown): void {
  const r = record as { typeName?: unknown; type?: unknown; id?: unknown } | null;
  if (typeof r !== 'object' || r === null) return;
  const typeName = String(r.typeName);
  if (!DOCUMENT_RECORD_TYPES.has(typeName)) throw new Error(`Record type ${typeName.slice(0, PREVIEW_CHARS)} does not belong on a board`);
  if (typeName === 'shape' && !ALLOWED_SHAPE_TYPES.has(String(r.type))) throw new Error(`Shape type ${String(r.type).slice(0, PREVIEW_CHARS)} is not allowed on a board`);
  if (typeName === 'asset' && !ALLOWED_ASSET_TYPES.has(String(r.type))) throw new Error(`Asset type ${String(r.type).slice(0, PREVIEW_CHARS)} is not allowed on a board`);
  const where = findExternalUrl(record, 'record');
  if (where) throw new Error(`Record ${String(r.id).slice(0, PREVIEW_CHARS)} holds another host's address at ${where.slice(0, PREVIEW_CHARS * 2)}`);
}

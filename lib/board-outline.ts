/**
 * Reads a board's records (the values of the document's RECORDS_MAP, plain tldraw JSON) as a
 * text outline: frames in reading order, each with its notes, each note with its text and its
 * author's role. Used by the outline page in the browser and by exports and history on the
 * server, so it imports nothing.
 */

/** Roles as stored in a shape's `meta.createdBy` (set by the realtime server). */
export type AuthorRole = 'facilitator' | 'professional' | 'lay_partner';

/** How the outline and the exports name a note with no recorded author (a template's prompt). */
export const NO_AUTHOR_LABEL = 'Prompt';

/** A note (or a text made with the T tool) as the outline shows it. */
export interface OutlineNote {
  id: string;
  text: string;
  /** The verified author, when the server recorded one (seeded prompts have none). */
  author: { userId: string; role: AuthorRole } | null;
  /** Locked by a facilitator (tldraw's isLocked): only facilitators may change it. */
  locked: boolean;
}

/** A frame with the notes inside it (directly or in a group). */
export interface OutlineFrame {
  id: string;
  name: string;
  notes: OutlineNote[];
}

/** A board as text: its frames, then the notes in no frame. */
export interface BoardOutline {
  frames: OutlineFrame[];
  unframed: OutlineNote[];
}

type ShapeLike = {
  id: string;
  typeName: 'shape';
  type: string;
  parentId: string;
  x: number;
  y: number;
  props: Record<string, unknown>;
  meta: Record<string, unknown>;
};

function isShape(value: unknown): value is ShapeLike {
  const v = value as Partial<ShapeLike> | null;
  return typeof v === 'object' && v !== null && v.typeName === 'shape' && typeof v.id === 'string' && typeof v.type === 'string';
}

/** Plain text of tldraw rich text (TipTap JSON): paragraphs on their own lines. */
export function richTextToPlain(richText: unknown): string {
  const lines: string[] = [];
  const walk = (node: unknown, into: string[]): void => {
    if (typeof node !== 'object' || node === null) return;
    const n = node as { type?: unknown; text?: unknown; content?: unknown };
    if (n.type === 'text' && typeof n.text === 'string') into.push(n.text);
    else if (n.type === 'hardBreak') into.push('\n');
    if (Array.isArray(n.content)) {
      if (n.type === 'doc') {
        for (const block of n.content) {
          const parts: string[] = [];
          walk(block, parts);
          lines.push(parts.join(''));
        }
      } else {
        for (const child of n.content) walk(child, into);
      }
    }
  };
  walk(richText, lines);
  return lines.join('\n').trim();
}

/** Number of words in a text (runs of non-space characters). */
export function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

const ROLES: readonly AuthorRole[] = ['facilitator', 'professional', 'lay_partner'];

function authorOf(shape: ShapeLike): OutlineNote['author'] {
  const by = shape.meta?.createdBy as { userId?: unknown; role?: unknown } | undefined;
  if (!by || typeof by.userId !== 'string' || !ROLES.includes(by.role as AuthorRole)) return null;
  return { userId: by.userId, role: by.role as AuthorRole };
}

/** Top to bottom, then left to right (rows 40 px apart count as one line). */
function readingOrder(a: ShapeLike, b: ShapeLike): number {
  const row = Math.round(a.y / 40) - Math.round(b.y / 40);
  return row !== 0 ? row : a.x - b.x || a.id.localeCompare(b.id);
}

/**
 * Whether a shape is something people wrote: a note, or a text made with the T tool. A
 * template's own texts (the board's heading, the agenda: locked, with no author) are not.
 */
function isWriting(shape: ShapeLike): boolean {
  if (shape.type === 'note') return true;
  if (shape.type !== 'text') return false;
  const templateText = (shape as { isLocked?: unknown }).isLocked === true && authorOf(shape) === null;
  return !templateText;
}

/** Builds the outline from a board's records (any iterable of record values). */
export function buildOutline(records: Iterable<unknown>): BoardOutline {
  const shapes = new Map<string, ShapeLike>();
  for (const value of records) if (isShape(value)) shapes.set(value.id, value);

  /** The frame a shape sits in, through groups; null on the page. */
  const frameOf = (shape: ShapeLike): string | null => {
    let parent = shapes.get(shape.parentId);
    for (let depth = 0; parent && depth < 50; depth++) {
      if (parent.type === 'frame') return parent.id;
      parent = shapes.get(parent.parentId);
    }
    return null;
  };

  const frames = [...shapes.values()].filter((s) => s.type === 'frame').sort(readingOrder);
  const byFrame = new Map<string | null, ShapeLike[]>();
  for (const shape of shapes.values()) {
    if (!isWriting(shape)) continue;
    const frameId = frameOf(shape);
    byFrame.set(frameId, [...(byFrame.get(frameId) ?? []), shape]);
  }
  const toNotes = (list: ShapeLike[] | undefined): OutlineNote[] =>
    (list ?? []).sort(readingOrder).map((s) => ({ id: s.id, text: richTextToPlain(s.props.richText), author: authorOf(s), locked: (s as { isLocked?: unknown }).isLocked === true }));
  return {
    frames: frames.map((f) => ({
      id: f.id,
      name: typeof f.props.name === 'string' && f.props.name.trim() ? f.props.name : 'Untitled frame',
      notes: toNotes(byFrame.get(f.id)),
    })),
    unframed: toNotes(byFrame.get(null)),
  };
}

/** What one group of people wrote on a board. */
export interface Contribution {
  notes: number;
  words: number;
}

/** Notes and words by the author's role; notes without a recorded author (template prompts) are not counted. */
export type Balance = Record<AuthorRole, Contribution>;

/** Counts each role's notes and words in an outline. */
export function countBalance(outline: BoardOutline): Balance {
  const balance: Balance = {
    facilitator: { notes: 0, words: 0 },
    professional: { notes: 0, words: 0 },
    lay_partner: { notes: 0, words: 0 },
  };
  for (const note of [...outline.frames.flatMap((f) => f.notes), ...outline.unframed]) {
    if (!note.author) continue;
    balance[note.author.role].notes += 1;
    balance[note.author.role].words += countWords(note.text);
  }
  return balance;
}

/** The balance as one sentence, e.g. "Lay partners: 12 notes, 340 words · Professionals: 10 notes, 298 words". */
export function describeBalance(balance: Balance): string {
  const part = (label: string, c: Contribution) =>
    `${label}: ${c.notes} ${c.notes === 1 ? 'note' : 'notes'}, ${c.words} ${c.words === 1 ? 'word' : 'words'}`;
  return `${part('Lay partners', balance.lay_partner)} · ${part('Professionals', balance.professional)}`;
}

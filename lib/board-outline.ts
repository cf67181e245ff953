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

/** Frames and groups: the shapes writing sits in (a frame's writing may sit in a group inside it). */
function isContainer(shape: ShapeLike | undefined): boolean {
  return shape?.type === 'frame' || shape?.type === 'group';
}

function outlineNote(shape: ShapeLike): OutlineNote {
  return { id: shape.id, text: richTextToPlain(shape.props.richText), author: authorOf(shape), locked: (shape as { isLocked?: unknown }).isLocked === true };
}

function frameName(frame: ShapeLike): string {
  return typeof frame.props.name === 'string' && frame.props.name.trim() ? frame.props.name : 'Untitled frame';
}

/** Writing that came into the outline or left it in one change (ids). */
export interface OutlineChange {
  added: string[];
  removed: string[];
}

/** Where a piece of writing is listed: its frame's id, or null when it is in no frame. */
type Place = string | null;

/**
 * A board's outline kept up to date change by change, for the live outline page: a change to
 * one note costs the notes of its own area (re-listed, with the unchanged notes' entries
 * reused), never the whole board; adding, removing or moving a frame or group re-reads it all.
 * Unchanged frames and notes keep their identity in each new outline, so a view can skip them.
 */
export class LiveOutline {
  private readonly shapes = new Map<string, ShapeLike>();
  /** Every piece of writing's place. */
  private readonly placeOf = new Map<string, Place>();
  /** The writing in each place, by id. */
  private readonly members = new Map<Place, Map<string, ShapeLike>>();
  /** Each place's notes in reading order, as last listed. */
  private readonly lists = new Map<Place, OutlineNote[]>();
  /** The entry made for each record value, reused while the record is unchanged. */
  private readonly entries = new WeakMap<ShapeLike, OutlineNote>();
  private readonly frameEntries = new Map<string, OutlineFrame>();
  private frames: ShapeLike[] = [];
  /** Places whose lists need sorting again. */
  private readonly stale = new Set<Place>();
  /** Notes changed where they were (text, lock, author): their entries are swapped in place, no sorting. */
  private readonly replaced = new Map<Place, Map<string, ShapeLike>>();
  private framesStale = true;
  private current: BoardOutline | null = null;

  constructor(records: Iterable<unknown>) {
    this.readAll(records);
  }

  /** How many notes the outline lists. */
  get noteCount(): number {
    return this.placeOf.size;
  }

  /** The name of the frame a note is listed in; null when it is in no frame (or not listed). */
  frameNameOf(id: string): string | null {
    const place = this.placeOf.get(id);
    const frame = place ? this.shapes.get(place) : undefined;
    return frame ? frameName(frame) : null;
  }

  /**
   * Applies changed records (each key with its new value; `undefined` when it was deleted) and
   * says which writing came into the outline or left it.
   */
  apply(changes: Iterable<readonly [string, unknown]>): OutlineChange {
    const writing: [string, ShapeLike | undefined][] = [];
    let restructured = false;
    for (const [key, value] of changes) {
      const previous = this.shapes.get(key);
      const next = isShape(value) ? value : undefined;
      if (next) this.shapes.set(key, next);
      else this.shapes.delete(key);
      if (isContainer(previous) || isContainer(next)) {
        // A frame renamed or moved changes the frames' order and names; one that comes, goes or
        // changes parent may change where any writing is listed.
        if (!previous || !next || previous.parentId !== next.parentId || previous.type !== next.type) restructured = true;
        else this.framesStale = true;
      } else if (previous || next) {
        writing.push([key, next]);
      }
    }
    if (restructured) return this.reread();
    const added: string[] = [];
    const removed: string[] = [];
    for (const [id, next] of writing) {
      const was = this.placeOf.get(id);
      const now = next && isWriting(next) ? this.frameOf(next) : undefined;
      const previous = was !== undefined ? this.members.get(was)?.get(id) : undefined;
      if (next && previous && now === was && previous.x === next.x && previous.y === next.y) {
        const place = was as Place;
        this.membersOf(place).set(id, next);
        let swaps = this.replaced.get(place);
        if (!swaps) this.replaced.set(place, (swaps = new Map()));
        swaps.set(id, next);
        continue;
      }
      if (was !== undefined) {
        this.members.get(was)?.delete(id);
        this.stale.add(was);
      }
      if (now === undefined) {
        if (was !== undefined) removed.push(id);
        this.placeOf.delete(id);
        continue;
      }
      if (was === undefined) added.push(id);
      this.placeOf.set(id, now);
      this.membersOf(now).set(id, next!);
      this.stale.add(now);
    }
    if (this.stale.size || this.replaced.size || this.framesStale) this.current = null;
    return { added, removed };
  }

  /** The outline now (the same object until a change alters it). */
  get outline(): BoardOutline {
    if (this.current) return this.current;
    for (const [place, swaps] of this.replaced) {
      const before = this.lists.get(place);
      if (!before || this.stale.has(place)) continue;
      this.lists.set(place, before.map((note) => (swaps.has(note.id) ? this.entryOf(swaps.get(note.id)!) : note)));
    }
    this.replaced.clear();
    for (const place of this.stale) {
      const list = [...(this.members.get(place)?.values() ?? [])].sort(readingOrder).map((shape) => this.entryOf(shape));
      const before = this.lists.get(place);
      // Same notes, same order: keep the list itself, so its area is not drawn again.
      this.lists.set(place, before && before.length === list.length && list.every((note, i) => note === before[i]) ? before : list);
    }
    this.stale.clear();
    if (this.framesStale) this.frames = [...this.shapes.values()].filter((s) => s.type === 'frame').sort(readingOrder);
    this.framesStale = false;
    const frames = this.frames.map((frame) => {
      const name = frameName(frame);
      const notes = this.lists.get(frame.id) ?? [];
      const before = this.frameEntries.get(frame.id);
      if (before && before.name === name && before.notes === notes) return before;
      const entry = { id: frame.id, name, notes };
      this.frameEntries.set(frame.id, entry);
      return entry;
    });
    this.current = { frames, unframed: this.lists.get(null) ?? [] };
    return this.current;
  }

  private membersOf(place: Place): Map<string, ShapeLike> {
    let members = this.members.get(place);
    if (!members) this.members.set(place, (members = new Map()));
    return members;
  }

  private entryOf(shape: ShapeLike): OutlineNote {
    let entry = this.entries.get(shape);
    if (!entry) this.entries.set(shape, (entry = outlineNote(shape)));
    return entry;
  }

  /** The frame a shape sits in, through groups; null on the page. */
  private frameOf(shape: ShapeLike): Place {
    let parent = this.shapes.get(shape.parentId);
    for (let depth = 0; parent && depth < 50; depth++) {
      if (parent.type === 'frame') return parent.id;
      parent = this.shapes.get(parent.parentId);
    }
    return null;
  }

  private readAll(records: Iterable<unknown>): void {
    for (const value of records) if (isShape(value)) this.shapes.set(value.id, value);
    for (const shape of this.shapes.values()) {
      if (!isWriting(shape)) continue;
      const place = this.frameOf(shape);
      this.placeOf.set(shape.id, place);
      this.membersOf(place).set(shape.id, shape);
    }
    for (const place of this.members.keys()) this.stale.add(place);
    for (const frame of this.shapes.values()) if (frame.type === 'frame') this.stale.add(frame.id);
    this.framesStale = true;
    this.current = null;
  }

  /** Reads every place again (after a frame or group came, went or moved to another parent). */
  private reread(): OutlineChange {
    const before = new Set(this.placeOf.keys());
    const records = [...this.shapes.values()];
    this.shapes.clear();
    this.placeOf.clear();
    this.members.clear();
    this.replaced.clear();
    for (const place of this.lists.keys()) this.stale.add(place);
    this.readAll(records);
    return {
      added: [...this.placeOf.keys()].filter((id) => !before.has(id)),
      removed: [...before].filter((id) => !this.placeOf.has(id)),
    };
  }
}

/** Builds the outline from a board's records (any iterable of record values). */
export function buildOutline(records: Iterable<unknown>): BoardOutline {
  return new LiveOutline(records).outline;
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

/**
 * Taking turns to write in a note (Miro's way): whoever starts writing in a note holds it until
 * they finish; everyone else sees "Sam is writing…" on it and cannot open it meanwhile. Without
 * this, two people typing in one note overwrote each other's whole text on every keystroke and
 * the note ended garbled, with characters lost and no warning.
 *
 * Each client says in Yjs awareness which shape it is writing in and since when (its `writing`
 * field). When two start at the same moment (before either has seen the other), the earlier
 * claim keeps the note (ties go to the lower awareness client id), so every screen agrees; the
 * other is taken out of the note at once, told why, and what they had typed is kept in a new
 * note beside it. While someone writes in a note, others' text for it never reaches their open
 * editor (see StoreDocBinding.protectWhileWriting), so nothing is ever interleaved.
 */
import {
  GeoShapeUtil,
  TextShapeUtil,
  atom,
  createShapeId,
  react,
  renderPlaintextFromRichText,
  type Editor,
  type TLGeoShape,
  type TLNoteShape,
  type TLRichText,
  type TLShape,
  type TLShapeId,
  type TLTextShape,
} from 'tldraw';
import type { Awareness } from 'y-protocols/awareness';
import { LazyLabelNoteShapeUtil } from './note-geometry';
import { readVerifiedUser } from './people';

/** The awareness field saying which shape this client is writing in. */
export const WRITING_FIELD = 'writing';
/** A refusal stays at least this long, and after that for as long as the other person still writes in the note. */
export const REFUSAL_SHOWN_MS = 6_000;
/** Space between a note and the note made beside it for the words typed in a lost turn, in board units. */
const BESIDE_GAP = 20;

/** One client's claim on a shape, as published in awareness. */
export interface WritingClaim {
  shapeId: TLShapeId;
  /** When the client started writing (its clock, ms): the earlier claim keeps the note. */
  since: number;
}

/** Someone else writing in a shape. */
export interface Writer extends WritingClaim {
  clientId: number;
  name: string;
  color: string;
}

/** A message for this person about a note they could not write in. */
export interface Refusal {
  text: string;
  shapeId: TLShapeId;
  at: number;
}

/** Reads a client's claim from its awareness state; null when absent or malformed. */
export function readClaim(state: unknown): WritingClaim | null {
  if (typeof state !== 'object' || state === null) return null;
  const raw = (state as Record<string, unknown>)[WRITING_FIELD];
  if (typeof raw !== 'object' || raw === null) return null;
  const { shapeId, since } = raw as Record<string, unknown>;
  if (typeof shapeId !== 'string' || !shapeId.startsWith('shape:') || typeof since !== 'number' || !Number.isFinite(since)) return null;
  return { shapeId: shapeId as TLShapeId, since };
}

/** Whether claim `a` (by client `aId`) came before claim `b` (by client `bId`): every screen decides the same. */
export function claimedFirst(a: WritingClaim, aId: number, b: WritingClaim, bId: number): boolean {
  return a.since < b.since || (a.since === b.since && aId < bId);
}

function plainText(editor: Editor, shape: TLShape | undefined): string {
  const richText = (shape?.props as { richText?: TLRichText } | undefined)?.richText;
  return richText ? renderPlaintextFromRichText(editor, richText) : '';
}

/** The turns of one board's editor: who writes where, and this person's claim. */
export class WritingTurns {
  /** Other people's claims, by shape: the first is the one who holds it. */
  readonly $writers = atom<ReadonlyMap<TLShapeId, Writer>>('others writing', new Map());
  readonly $refusal = atom<Refusal | null>('writing refused', null);
  /** This person's own claim; an atom, so the labels update when it changes. */
  private readonly $mine = atom<(WritingClaim & { textAtStart: string }) | null>('my writing claim', null);

  constructor(
    private readonly editor: Editor,
    private readonly awareness: Awareness,
    /** Re-reads a shape from the board's document (after a lost turn, the holder's text). */
    private readonly reloadShape: (id: TLShapeId) => void,
  ) {}

  /** The other person writing in `shapeId`, who keeps it from this person; null when it is free. */
  holderOf(shapeId: TLShapeId): Writer | null {
    const writer = this.$writers.get().get(shapeId) ?? null;
    if (!writer) return null;
    const mine = this.$mine.get();
    if (mine?.shapeId === shapeId && claimedFirst(mine, this.awareness.clientID, writer, writer.clientId)) return null;
    return writer;
  }

  /** Says why this person cannot write in a note now. */
  refuse(writer: Writer, text = `${writer.name} is writing in this note. You can write in it when they have finished.`): void {
    this.$refusal.set({ text, shapeId: writer.shapeId, at: Date.now() });
  }

  /** Starts publishing this person's claim and watching everyone else's. */
  start(): () => void {
    const stopPublishing = react('publish writing claim', () => {
      const editing = this.editor.getEditingShapeId();
      // Read without tracking: this reaction follows the editing shape only.
      const current = this.$mine.__unsafe__getWithoutCapture();
      if (editing === (current?.shapeId ?? null)) return;
      if (editing) {
        const shape = this.editor.getShape(editing);
        this.$mine.set({ shapeId: editing, since: Date.now(), textAtStart: plainText(this.editor, shape) });
      } else {
        this.$mine.set(null);
      }
      const claim = this.$mine.__unsafe__getWithoutCapture();
      this.awareness.setLocalStateField(WRITING_FIELD, claim ? { shapeId: claim.shapeId, since: claim.since } : null);
      this.check();
    });
    const onChange = () => this.readWriters();
    this.awareness.on('change', onChange);
    this.readWriters();
    return () => {
      stopPublishing();
      this.awareness.off('change', onChange);
      this.awareness.setLocalStateField(WRITING_FIELD, null);
    };
  }

  private readWriters(): void {
    const writers = new Map<TLShapeId, Writer>();
    for (const [clientId, state] of this.awareness.getStates()) {
      if (clientId === this.awareness.clientID) continue;
      const claim = readClaim(state);
      const user = readVerifiedUser(state);
      if (!claim || !user) continue;
      const other = writers.get(claim.shapeId);
      if (!other || claimedFirst(claim, clientId, other, other.clientId)) writers.set(claim.shapeId, { ...claim, clientId, name: user.name, color: user.color });
    }
    // Awareness changes many times a second (cursors): the labels are worked out again only
    // when someone starts or stops writing.
    if (!sameWriters(this.$writers.get(), writers)) this.$writers.set(writers);
    const refusal = this.$refusal.get();
    if (refusal && !writers.has(refusal.shapeId) && Date.now() - refusal.at >= REFUSAL_SHOWN_MS) this.$refusal.set(null);
    this.check();
  }

  /**
   * Two people opened one note at the same moment and the other one was first: leave it to
   * them. What this person had typed is kept in a new note beside it, never dropped silently.
   */
  private check(): void {
    const mine = this.$mine.__unsafe__getWithoutCapture();
    if (!mine) return;
    const holder = this.holderOf(mine.shapeId);
    if (!holder) return;
    const shape = this.editor.getShape(mine.shapeId);
    const typed = plainText(this.editor, shape);
    this.$mine.set(null);
    this.awareness.setLocalStateField(WRITING_FIELD, null);
    this.editor.setCurrentTool('select.idle');
    const richText = (shape?.props as { richText?: TLRichText } | undefined)?.richText;
    const keep = shape && richText && typed.trim() !== '' && typed !== mine.textAtStart;
    if (keep) {
      const bounds = this.editor.getShapeGeometry(shape).bounds;
      this.editor.createShape({
        id: createShapeId(),
        type: 'note',
        parentId: shape.parentId,
        x: shape.x + bounds.w + BESIDE_GAP,
        y: shape.y,
        props: { richText },
      });
    }
    this.reloadShape(mine.shapeId);
    this.refuse(
      holder,
      keep
        ? `${holder.name} started writing in this note at the same moment as you. It is theirs until they finish; what you typed is in a new note beside it.`
        : undefined,
    );
  }
}

function sameWriters(a: ReadonlyMap<TLShapeId, Writer>, b: ReadonlyMap<TLShapeId, Writer>): boolean {
  if (a.size !== b.size) return false;
  for (const [shapeId, writer] of a) {
    const other = b.get(shapeId);
    if (!other || other.clientId !== writer.clientId || other.since !== writer.since || other.name !== writer.name || other.color !== writer.color) return false;
  }
  return true;
}

/** Each live editor's turns; an atom so components drawn before the editor's mount see them arrive. */
const $turnsByEditor = atom<ReadonlyMap<Editor, WritingTurns>>('writing turns by editor', new Map());

/** Starts the turns of an editor, so its shapes can ask who holds them. Returns a function that stops them. */
export function startWritingTurns(editor: Editor, awareness: Awareness, reloadShape: (id: TLShapeId) => void): () => void {
  const turns = new WritingTurns(editor, awareness, reloadShape);
  const stop = turns.start();
  $turnsByEditor.set(new Map($turnsByEditor.get()).set(editor, turns));
  return () => {
    stop();
    const rest = new Map($turnsByEditor.get());
    rest.delete(editor);
    $turnsByEditor.set(rest);
  };
}

/** The turns of an editor (undefined on screens without them: history, editions, the projector). */
export function writingTurnsOf(editor: Editor): WritingTurns | undefined {
  return $turnsByEditor.get().get(editor);
}

/** Whether someone else holds this shape (and so this person is told, and kept out of it). */
function heldByAnother(editor: Editor, shape: TLShape): boolean {
  const turns = writingTurnsOf(editor);
  const holder = turns?.holderOf(shape.id);
  if (!turns || !holder) return false;
  turns.refuse(holder);
  return true;
}

/**
 * A double click on a shape someone else holds ends there (answered with the shape unchanged,
 * so tldraw counts it handled): tldraw passes a double click on a shape it may not edit on to
 * the canvas, which made a new text on top of the note and let the person type in that instead.
 */
function refuseDoubleClick<T extends TLShape>(editor: Editor, shape: T): T | undefined {
  return heldByAnother(editor, shape) ? shape : undefined;
}

class TurnTakingNoteShapeUtil extends LazyLabelNoteShapeUtil {
  override canEdit(shape: TLNoteShape): boolean {
    return !heldByAnother(this.editor, shape) && super.canEdit(shape);
  }

  override onDoubleClick(shape: TLNoteShape) {
    return refuseDoubleClick(this.editor, shape) ?? super.onDoubleClick?.(shape);
  }
}

class TurnTakingTextShapeUtil extends TextShapeUtil {
  override canEdit(shape: TLTextShape): boolean {
    return !heldByAnother(this.editor, shape) && super.canEdit(shape);
  }

  override onDoubleClick(shape: TLTextShape) {
    return refuseDoubleClick(this.editor, shape) ?? super.onDoubleClick?.(shape);
  }
}

class TurnTakingGeoShapeUtil extends GeoShapeUtil {
  override canEdit(shape: TLGeoShape): boolean {
    return !heldByAnother(this.editor, shape) && super.canEdit(shape);
  }

  override onDoubleClick(shape: TLGeoShape) {
    return refuseDoubleClick(this.editor, shape) ?? super.onDoubleClick(shape);
  }
}

/** tldraw's shapes that hold text, taking turns; given to the store and to <Tldraw>. */
export const TURN_TAKING_SHAPE_UTILS = [TurnTakingNoteShapeUtil, TurnTakingTextShapeUtil, TurnTakingGeoShapeUtil];

'use client';
/**
 * The board as a live text outline: frames as headed regions, their notes as lists, with
 * authors' roles, revealed votes, and each note's reactions and comments. People with edit
 * access add or edit notes, react and comment by keyboard; the change goes into the board's
 * Yjs document over the same connection the canvas uses, so it shows on every canvas at once.
 * Changes by others are announced in a polite live region.
 *
 * The outline follows the document change by change (LiveOutline: a change costs its own area,
 * not the board), at most once a frame and only while the page is visible (the changes wait in
 * a set of keys while the tab is hidden); unchanged areas and notes are not drawn again.
 */
import Link from 'next/link';
import { memo, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type FormEvent, type ReactNode } from 'react';
import { createTLSchema } from '@tldraw/tlschema';
import { LiveOutline, NO_AUTHOR_LABEL, type BoardOutline, type OutlineChange, type OutlineNote } from '@/lib/board-outline';
import { META_MAP, META_SCHEMA_KEY, RECORDS_MAP } from '@/lib/collab-protocol';
import { NO_RESPONSES, type NoteResponses } from '@/lib/note-responses';
import { BoardConnection, initialState, type BoardConnectionState, type ReadOnlyReason } from '@/canvas/board-connection';
import type { VerifiedUser } from '@/canvas/people';
import { SAVE_STATUS_TEXT } from '@/canvas/save-status';
import { CommentThread } from '@/canvas/responses/CommentThread';
import { useBoardResponses, useResponsesSnapshot, type ResponsesView } from '@/canvas/responses/context';
import { ReactionBar } from '@/canvas/responses/ReactionBar';
import type { ResponseEvent, ResponsesSnapshot } from '@/canvas/responses/store';
import { compareDocumentSchema, type SerializedSchemaV2 } from '@/canvas/schema-gate';
import { newNoteInFrame, noteWithText } from './note-record';
import styles from './outline.module.css';

export interface OutlineViewProps {
  boardId: string;
  title: string;
  self: VerifiedUser;
  access: 'edit' | 'view';
  readOnlyReason: ReadOnlyReason | null;
  /** Dots per note id from revealed votes. */
  votes: Record<string, number>;
  /** Names of the people this person may see by name on reactions and comments. */
  names: Readonly<Record<string, string>>;
  /** When this person was last on the board (ms), so newer comments are marked new; null if never. */
  lastOnBoardAt: number | null;
}

const ROLE_TEXT = { facilitator: 'Facilitator', professional: 'Professional', lay_partner: 'Lay partner' } as const;

const READ_ONLY_TEXT: Record<ReadOnlyReason, string> = {
  view: 'You can read this board, but you cannot change it.',
  locked: 'The facilitator has locked this board for now. You can read it, but you cannot change it.',
  full: 'This board is full: it has reached the most it can hold. You can read it, but nothing more can be added. A facilitator can make room by removing things.',
  archived: 'This board is archived. You can read it, but it can no longer be changed.',
};

/** Transaction origin of the outline's own writes (so they are not announced as someone else's). */
const OUTLINE_ORIGIN = Symbol('together-board.outline-edit');
const EMPTY_SUBSCRIBE = () => () => {};
const EMPTY_OUTLINE: BoardOutline = { frames: [], unframed: [] };
/** Others' comments are announced on any note (the outline shows them all), their reactions on this person's own notes. */
const commentsAndOwnNotes = (event: Exclude<ResponseEvent, { kind: 'refused' }>, onOwnNote: boolean) => event.kind === 'comment' || onOwnNote;

/** The live outline page. */
export function OutlineView({ boardId, title, self, access, readOnlyReason, votes, names, lastOnBoardAt }: OutlineViewProps) {
  const [connection, setConnection] = useState<BoardConnection | null>(null);
  const [outline, setOutline] = useState<BoardOutline>(EMPTY_OUTLINE);
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    let open = true;
    const created = new BoardConnection({ boardId, origin: window.location.origin, self, access, readOnlyReason });
    const records = created.doc.getMap(RECORDS_MAP);
    let live: LiveOutline | null = null;
    /** Keys changed since the outline was last brought up to date: true when someone else changed them. */
    const changed = new Map<string, boolean>();
    let frame = 0;
    const refresh = () => {
      frame = 0;
      if (!live) {
        // The first content (from this device or the server) is read whole, and is not news.
        live = new LiveOutline(records.values());
        changed.clear();
        setOutline(live.outline);
        return;
      }
      const keys = [...changed];
      changed.clear();
      const hadNotes = live.noteCount > 0;
      const change = live.apply(keys.map(([key]) => [key, records.get(key)] as const));
      setOutline(live.outline);
      // This page's own writes are not news either.
      const byOthers = new Set(keys.filter(([, others]) => others).map(([key]) => key));
      const news: OutlineChange = { added: change.added.filter((id) => byOthers.has(id)), removed: change.removed.filter((id) => byOthers.has(id)) };
      if (hadNotes) announceChange(news, live);
    };
    const announceChange = ({ added, removed }: OutlineChange, outline: LiveOutline) => {
      const parts: string[] = [];
      if (added.length === 1) {
        const area = outline.frameNameOf(added[0]);
        parts.push(`A note was added${area ? ` to ${area}` : ''}.`);
      } else if (added.length > 1) parts.push(`${added.length} notes were added.`);
      if (removed.length === 1) parts.push('A note was removed.');
      else if (removed.length > 1) parts.push(`${removed.length} notes were removed.`);
      if (parts.length) setAnnouncement(parts.join(' '));
    };
    const observer = (event: { keysChanged: Set<string> }, transaction: { origin: unknown }) => {
      const others = transaction.origin !== OUTLINE_ORIGIN;
      for (const key of event.keysChanged) changed.set(key, others || changed.get(key) === true);
      // Once a frame at most, and not at all while the page is hidden (no frames are drawn then).
      frame ||= requestAnimationFrame(refresh);
    };
    records.observe(observer);
    void created.start().then(() => {
      if (!open) return;
      if (!live) refresh();
      setConnection(created);
    });
    return () => {
      open = false;
      cancelAnimationFrame(frame);
      records.unobserve(observer);
      created.destroy();
    };
    // One connection per board and person; later access changes arrive from the server.
  }, [boardId, self.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const [initial] = useState<BoardConnectionState>(() => initialState(self, access, readOnlyReason));
  const state = useSyncExternalStore(connection?.subscribe ?? EMPTY_SUBSCRIBE, connection?.getState ?? (() => initial), () => initial);
  const clientSchema = useMemo(() => createTLSchema().serialize() as SerializedSchemaV2, []);

  /** Writes one record, or says why it cannot. */
  const write: Write = useCallback(
    (build) => {
      if (!connection || !connection.canWrite()) return 'You cannot change this board now.';
      const comparison = compareDocumentSchema(connection.doc.getMap(META_MAP).get(META_SCHEMA_KEY), clientSchema);
      if (comparison !== 'same') return 'This board was updated by a newer version of the app. Please reload the page.';
      const records = connection.doc.getMap<unknown>(RECORDS_MAP);
      try {
        const record = build(records);
        connection.doc.transact(() => records.set(record.id, record), OUTLINE_ORIGIN);
        return null;
      } catch (error) {
        return error instanceof Error ? error.message : 'That change could not be made.';
      }
    },
    [connection, clientSchema],
  );

  const responsesView = useBoardResponses(connection, { self, names, lastOnBoardAt, canRespond: state.canEdit, announce: setAnnouncement, worthAnnouncing: commentsAndOwnNotes });
  const snapshot = useResponsesSnapshot(responsesView?.store);

  const canEdit = state.canEdit && connection !== null;
  // Locked notes (the template's prompts) are the facilitator's; the server refuses anyone else's change.
  const canEditLocked = self.role === 'facilitator';
  const noteCount = outline.frames.reduce((n, f) => n + f.notes.length, 0) + outline.unframed.length;

  return (
    <div className={styles.shell}>
      <a className="skip-link" href="#outline">
        Skip to the outline
      </a>
      <header className={styles.bar}>
        <nav aria-label="Board">
          <Link href={`/boards/${boardId}`}>
            <span aria-hidden="true">←</span> Back to the canvas
          </Link>
        </nav>
        <p role="status" aria-live="polite" aria-atomic="true" className={styles.status} data-status={state.status}>
          {SAVE_STATUS_TEXT[state.status]}
        </p>
      </header>
      <main id="outline" className={styles.main} tabIndex={-1} aria-labelledby="outline-title">
        <h1 id="outline-title">Text outline: {title}</h1>
        <p>
          {state.phase === 'ready' || connection
            ? `${outline.frames.length} ${outline.frames.length === 1 ? 'area' : 'areas'}, ${noteCount} ${noteCount === 1 ? 'note' : 'notes'}. Changes made here appear on the canvas for everyone.`
            : 'Opening the board…'}
        </p>
        {state.readOnlyReason ? <p className="notice warn">{READ_ONLY_TEXT[state.readOnlyReason]}</p> : null}
        <p className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
          {announcement}
        </p>
        {outline.frames.map((frame) => (
          <section key={frame.id} className={styles.frame} aria-labelledby={`heading-${frame.id}`}>
            <h2 id={`heading-${frame.id}`}>{frame.name}</h2>
            <NoteList notes={frame.notes} votes={votes} canEdit={canEdit} canEditLocked={canEditLocked} write={write} onDone={setAnnouncement} responses={responsesView} snapshot={snapshot} />
            {canEdit ? <AddNote frameId={frame.id} frameName={frame.name} write={write} onDone={setAnnouncement} /> : null}
          </section>
        ))}
        {outline.unframed.length > 0 ? (
          <section className={styles.frame} aria-labelledby="heading-unframed">
            <h2 id="heading-unframed">Notes not in an area</h2>
            <NoteList notes={outline.unframed} votes={votes} canEdit={canEdit} canEditLocked={canEditLocked} write={write} onDone={setAnnouncement} responses={responsesView} snapshot={snapshot} />
          </section>
        ) : null}
      </main>
    </div>
  );
}

/** The board's records as the outline's writes read them (the document's map itself: no copy per write). */
type Records = Pick<Map<string, unknown>, 'get' | 'values'>;
type Write = (build: (records: Records) => { id: string }) => string | null;

/** An area's notes; drawn again only when its list (or what it is given) changes. */
const NoteList = memo(function NoteList({
  notes,
  votes,
  canEdit,
  canEditLocked,
  write,
  onDone,
  responses,
  snapshot,
}: {
  notes: OutlineNote[];
  votes: Record<string, number>;
  canEdit: boolean;
  canEditLocked: boolean;
  write: Write;
  onDone: (message: string) => void;
  responses: ResponsesView | null;
  snapshot: ResponsesSnapshot;
}) {
  if (notes.length === 0) return <p className={styles.empty}>No notes yet.</p>;
  return (
    <ul className={styles.notes}>
      {notes.map((note) => (
        <NoteItem key={note.id} note={note} votes={votes[note.id] ?? 0} canEdit={canEdit && (canEditLocked || !note.locked)} write={write} onDone={onDone}>
          {responses ? <NoteResponsesDetails shapeId={note.id} responses={snapshot.byNote.get(note.id) ?? NO_RESPONSES} view={responses} unread={snapshot.unread} /> : null}
        </NoteItem>
      ))}
    </ul>
  );
});

/**
 * A note's reactions and comments, folded under a summary that counts them ("2 reactions, 3
 * comments, 1 new"); open from the start when some comments are new to this person.
 */
function NoteResponsesDetails({ shapeId, responses, view, unread }: { shapeId: string; responses: NoteResponses; view: ResponsesView; unread: ReadonlySet<string> }) {
  const newCount = responses.comments.filter((c) => unread.has(c.id)).length;
  const [openAtFirst] = useState(newCount > 0);
  const { reactions, comments } = responses;
  return (
    <details className={styles.responses} open={openAtFirst}>
      <summary>
        Reactions and comments: {reactions.length} {reactions.length === 1 ? 'reaction' : 'reactions'}, {comments.length} {comments.length === 1 ? 'comment' : 'comments'}
        {newCount > 0 ? `, ${newCount} new` : ''}
      </summary>
      <ReactionBar shapeId={shapeId} responses={responses} view={view} />
      <CommentThread shapeId={shapeId} comments={comments} view={view} isNew={(id) => unread.has(id)} headingLevel={3} />
    </details>
  );
}

/** One note, with its reactions and comments as `children`. */
const NoteItem = memo(function NoteItem({
  note,
  votes,
  canEdit,
  write,
  onDone,
  children,
}: {
  note: OutlineNote;
  votes: number;
  canEdit: boolean;
  write: Write;
  onDone: (message: string) => void;
  children: ReactNode;
}) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const fieldId = `edit-${note.id}`;

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = String(new FormData(event.currentTarget).get('text') ?? '').trim();
    if (!text) return setError('Type the note’s text, or press Cancel to leave it as it was.');
    const problem = write((records) => noteWithText(records.get(note.id), text));
    if (problem) return setError(problem);
    setEditing(false);
    setError(null);
    onDone('Note saved.');
    requestAnimationFrame(() => editButton.current?.focus());
  }

  return (
    <li className={styles.note}>
      {editing ? (
        <form onSubmit={save} className={styles.form}>
          <NoteTextField id={fieldId} label="Edit note" error={error} defaultValue={note.text} rows={3} autoFocus />
          <div className={styles.actions}>
            <button type="submit">Save note</button>
            <button type="button" className="secondary" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          <p className={styles.text}>{note.text || <em>Empty note</em>}</p>
          <p className={styles.meta}>
            {note.author ? `By a ${ROLE_TEXT[note.author.role].toLowerCase()}` : NO_AUTHOR_LABEL}
            {votes > 0 ? ` · ${votes} ${votes === 1 ? 'vote' : 'votes'}` : ''}
          </p>
          {canEdit ? (
            <button ref={editButton} type="button" className="secondary" onClick={() => setEditing(true)} aria-label={`Edit note: ${note.text.slice(0, 60)}`}>
              Edit
            </button>
          ) : null}
          {children}
        </>
      )}
    </li>
  );
});

/** A note's text box with its label and, when there is one, the error it is described by. */
function NoteTextField({ id, label, error, ...field }: { id: string; label: string; error: string | null; defaultValue?: string; rows: number; autoFocus?: boolean }) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} name="text" {...field} aria-describedby={error ? `${id}-error` : undefined} />
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </>
  );
}

function AddNote({ frameId, frameName, write, onDone }: { frameId: string; frameName: string; write: Write; onDone: (message: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  const fieldId = `add-${frameId}`;

  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const text = String(new FormData(form).get('text') ?? '').trim();
    if (!text) return setError('Type your note first.');
    const problem = write((records) => newNoteInFrame(records.values(), frameId, text));
    if (problem) return setError(problem);
    setError(null);
    form.reset();
    onDone(`Your note was added to ${frameName}.`);
  }

  return (
    <form onSubmit={add} className={styles.form}>
      <NoteTextField id={fieldId} label={`Add a note to ${frameName}`} error={error} rows={2} />
      <div className={styles.actions}>
        <button type="submit">Add note</button>
      </div>
    </form>
  );
}

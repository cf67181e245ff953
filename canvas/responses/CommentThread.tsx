'use client';
/**
 * The comments on one note, oldest first: who wrote each (name where this person may see names,
 * role always), when, whether it was edited, resolved or is new to this person; adding one, and
 * editing or deleting one's own, resolving and reopening any, and for a facilitator removing any.
 * Used beside the selected note on the canvas and under each note in the text outline.
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import { COMMENT_TEXT_MAX_CHARS, type NoteComment } from '../../lib/note-responses';
import { can } from '../../server/domain/permissions';
import { commentTime, personLabel, type ResponsesView } from './context';
import styles from './responses.module.css';

export interface CommentThreadProps {
  shapeId: string;
  comments: NoteComment[];
  view: ResponsesView;
  /** Comments to mark "New". */
  isNew: (id: string) => boolean;
  /** The thread's heading level (2 beside the canvas, 3 under an outline's area heading). */
  headingLevel: 2 | 3 | 4;
}

/** A comment's first words, for buttons' accessible names. */
function excerpt(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** The comments on a note and the form to add one. */
export function CommentThread({ shapeId, comments, view, isNew, headingLevel }: CommentThreadProps) {
  const headingId = useId();
  const Heading = `h${headingLevel}` as const;
  const open = comments.filter((c) => !c.resolved).length;
  return (
    <section className={styles.thread} aria-labelledby={headingId}>
      <Heading id={headingId} className={styles.threadHeading}>
        Comments ({comments.length}
        {open < comments.length ? `, ${comments.length - open} resolved` : ''})
      </Heading>
      {comments.length === 0 ? (
        <p className={styles.empty}>No comments yet.</p>
      ) : (
        <ol className={styles.comments}>
          {comments.map((comment) => (
            <CommentItem key={comment.id} comment={comment} view={view} isNew={isNew(comment.id)} />
          ))}
        </ol>
      )}
      {view.canRespond ? <AddComment shapeId={shapeId} view={view} /> : null}
    </section>
  );
}

function CommentItem({ comment, view, isNew }: { comment: NoteComment; view: ResponsesView; isNew: boolean }) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const own = comment.authorId === view.self.id;
  const mayRemove = own || can(view.self.role, 'comment.removeAny');
  const who = personLabel(view, comment.authorId, comment.authorRole);
  const about = ` ${own ? 'your comment' : `the comment from ${who}`}: ${excerpt(comment.text)}`;

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problem = view.store.rewordComment(comment.id, String(new FormData(event.currentTarget).get('comment') ?? ''));
    if (problem) return setError(problem);
    setEditing(false);
    setError(null);
    view.announce('Your comment was changed.');
    requestAnimationFrame(() => editButton.current?.focus());
  }

  function act(problem: string | null, done: string) {
    view.announce(problem ?? done);
  }

  return (
    <li className={styles.comment} data-resolved={comment.resolved} data-testid="comment">
      <p className={styles.commentMeta}>
        <strong>{who}</strong> <time dateTime={new Date(comment.createdAt).toISOString()}>{commentTime(comment.createdAt)}</time>
        {comment.editedAt !== null ? ' · edited' : ''}
        {isNew ? <span className={styles.newMark}>New</span> : null}
        {comment.resolved ? <span className={styles.resolvedMark}>Resolved</span> : null}
      </p>
      {editing ? (
        <CommentForm label="Change your comment" submit="Save comment" defaultValue={comment.text} error={error} onSubmit={save} onCancel={() => setEditing(false)} />
      ) : (
        <p className={styles.commentText}>{comment.text}</p>
      )}
      {view.canRespond && !editing ? (
        <div className={styles.commentActions}>
          {own ? (
            <button ref={editButton} type="button" className="secondary" onClick={() => setEditing(true)}>
              Edit<span className="visually-hidden">{about}</span>
            </button>
          ) : null}
          <button
            type="button"
            className="secondary"
            onClick={() => act(view.store.setResolved(comment.id, !comment.resolved), comment.resolved ? 'The comment is open again.' : 'The comment is marked resolved.')}
          >
            {comment.resolved ? 'Reopen' : 'Resolve'}
            <span className="visually-hidden">{about}</span>
          </button>
          {mayRemove ? (
            <button type="button" className="danger" onClick={() => act(view.store.removeComment(comment.id), own ? 'Your comment was deleted.' : 'The comment was removed.')}>
              {own ? 'Delete' : 'Remove'}
              <span className="visually-hidden">{about}</span>
            </button>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

function AddComment({ shapeId, view }: { shapeId: string; view: ResponsesView }) {
  const [error, setError] = useState<string | null>(null);
  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const problem = view.store.addComment(shapeId, String(new FormData(form).get('comment') ?? ''));
    if (problem) return setError(problem);
    setError(null);
    form.reset();
    view.announce('Your comment was added.');
  }
  return <CommentForm label="Add a comment" submit="Add comment" error={error} onSubmit={add} />;
}

/** The text box to write or change a comment, with its label, limit and error. */
function CommentForm({
  label,
  submit,
  defaultValue,
  error,
  onSubmit,
  onCancel,
}: {
  label: string;
  submit: string;
  defaultValue?: string;
  error: string | null;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  onCancel?: () => void;
}) {
  const id = useId();
  return (
    <form onSubmit={onSubmit} className={styles.commentForm} noValidate>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        name="comment"
        rows={2}
        maxLength={COMMENT_TEXT_MAX_CHARS}
        defaultValue={defaultValue}
        autoFocus={defaultValue !== undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
      <div className={styles.formActions}>
        <button type="submit">{submit}</button>
        {onCancel ? (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}

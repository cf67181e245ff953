import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { personLabel } from '../../canvas/responses/context';
import { NoteResponsesStore, type ResponseEvent } from '../../canvas/responses/store';
import { COMMENTS_MAP, REACTIONS_MAP } from '../../lib/collab-protocol';
import { COMMENT_TEXT_MAX_CHARS, reactionKey, type CommentValue } from '../../lib/note-responses';

const LEE = { id: 'user-lee', role: 'lay_partner' as const };
const SINCE = 1_000;

/** A store for Lee over a fresh document, and the events it tells. */
function lees(canWrite = true) {
  const doc = new Y.Doc();
  const store = new NoteResponsesStore(doc, LEE, () => canWrite, SINCE);
  const events: ResponseEvent[] = [];
  store.onEvent((event) => events.push(event));
  store.start();
  return { doc, store, events };
}

/** Applies a change to `doc` as if it came from the server (someone else's, or a repair). */
function fromServer(doc: Y.Doc, change: (server: Y.Doc) => void): void {
  const server = new Y.Doc();
  Y.applyUpdate(server, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(server);
  change(server);
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server, before), 'server');
}

const priyasComment = (createdAt: number): CommentValue => ({ shapeId: 'shape:idea', authorId: 'user-priya', authorRole: 'professional', text: 'Which day?', createdAt, editedAt: null, resolved: false });

describe('the browser’s reactions and comments', () => {
  it('toggles a reaction as this person, and writes a comment the server’s policy accepts', () => {
    const { doc, store } = lees();
    expect(store.toggleReaction('shape:idea', 'agree')).toBeNull();
    expect(doc.getMap(REACTIONS_MAP).toJSON()).toEqual({ [reactionKey('shape:idea', LEE.id, 'agree')]: { role: 'lay_partner' } });
    expect(store.hasReacted('shape:idea', 'agree')).toBe(true);
    store.toggleReaction('shape:idea', 'agree');
    expect(doc.getMap(REACTIONS_MAP).size).toBe(0);

    expect(store.addComment('shape:idea', '  Ask at the coffee morning  ')).toBeNull();
    const [comment] = store.getSnapshot().byNote.get('shape:idea')!.comments;
    expect(comment).toMatchObject({ authorId: LEE.id, authorRole: 'lay_partner', text: 'Ask at the coffee morning', editedAt: null, resolved: false });
    expect(comment.id).toMatch(/^comment:[0-9a-f]{24}$/);
    expect(store.rewordComment(comment.id, 'Ask on Tuesday')).toBeNull();
    expect(store.setResolved(comment.id, true)).toBeNull();
    expect(store.getSnapshot().byNote.get('shape:idea')!.comments[0]).toMatchObject({ text: 'Ask on Tuesday', resolved: true });
    expect(store.removeComment(comment.id)).toBeNull();
    expect(doc.getMap(COMMENTS_MAP).size).toBe(0);
  });

  it('says why instead of writing: empty, too long, or not allowed to write now', () => {
    const { doc, store } = lees();
    expect(store.addComment('shape:idea', '   ')).toBe('Write your comment first.');
    expect(store.addComment('shape:idea', 'a'.repeat(COMMENT_TEXT_MAX_CHARS + 1))).toMatch(/1000 characters/);
    const viewer = lees(false);
    expect(viewer.store.toggleReaction('shape:idea', 'love')).toMatch(/cannot react or comment/);
    expect(viewer.store.addComment('shape:idea', 'Hello')).toMatch(/cannot react or comment/);
    expect(doc.getMap(COMMENTS_MAP).size + viewer.doc.getMap(REACTIONS_MAP).size + viewer.doc.getMap(COMMENTS_MAP).size).toBe(0);
  });

  it('marks others’ comments since the last visit new, until their note is opened, where they stay marked while it is', () => {
    const { doc, store, events } = lees();
    fromServer(doc, (server) => {
      server.getMap(COMMENTS_MAP).set('comment:before-visit', priyasComment(SINCE - 1));
      server.getMap(COMMENTS_MAP).set('comment:after-visit', priyasComment(SINCE + 1));
    });
    store.addComment('shape:idea', 'My own');
    expect([...store.getSnapshot().unread]).toEqual(['comment:after-visit']);
    expect(events).toEqual([{ kind: 'comment', comment: expect.objectContaining({ id: 'comment:before-visit' }) }, { kind: 'comment', comment: expect.objectContaining({ id: 'comment:after-visit' }) }]);

    store.setOpenNote('shape:idea');
    expect(store.getSnapshot().unread.size).toBe(0);
    expect([...store.getSnapshot().fresh]).toEqual(['comment:after-visit']);
    // One arriving while the note is open is seen at once, and marked new there.
    fromServer(doc, (server) => server.getMap(COMMENTS_MAP).set('comment:while-open', priyasComment(SINCE + 2)));
    expect([...store.getSnapshot().fresh]).toEqual(['comment:after-visit', 'comment:while-open']);
    store.setOpenNote(null);
    expect(store.getSnapshot().unread.size + store.getSnapshot().fresh.size).toBe(0);
  });

  it('tells the person when the server undid their reaction or comment, and others’ reactions as they come', () => {
    const { doc, store, events } = lees();
    store.toggleReaction('shape:idea', 'agree');
    fromServer(doc, (server) => server.getMap(REACTIONS_MAP).delete(reactionKey('shape:idea', LEE.id, 'agree')));
    fromServer(doc, (server) => server.getMap(REACTIONS_MAP).set(reactionKey('shape:idea', 'user-priya', 'love'), { role: 'professional' }));
    expect(events).toEqual([
      { kind: 'refused', what: 'reaction' },
      { kind: 'reaction', reaction: { shapeId: 'shape:idea', userId: 'user-priya', kind: 'love', role: 'professional' }, added: true },
    ]);
    // A sync of many changes at once (reconnecting, a restore) is not news.
    fromServer(doc, (server) => {
      for (let i = 0; i < 10; i++) server.getMap(COMMENTS_MAP).set(`comment:bulk-${i}-abcdef`, priyasComment(SINCE + 10 + i));
    });
    expect(events).toHaveLength(2);
  });
});

describe('how people show on reactions and comments', () => {
  it('as “You”, by name and role for the people this person may see by name, else by role only', () => {
    const view = { self: LEE, names: { 'user-priya': 'Priya Professional' } };
    expect(personLabel(view, LEE.id, 'lay_partner')).toBe('You');
    expect(personLabel(view, 'user-priya', 'professional')).toBe('Priya Professional (professional)');
    expect(personLabel(view, 'user-omar', 'lay_partner')).toBe('A lay partner');
    expect(personLabel({ self: LEE, names: {} }, 'user-fran', 'facilitator')).toBe('A facilitator');
  });
});

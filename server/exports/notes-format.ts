import { stringify } from 'csv-stringify/sync';
import { NO_AUTHOR_LABEL, type AuthorRole, type BoardOutline } from '../../lib/board-outline';
import { NO_RESPONSES, REACTION_KINDS, REACTION_TEXT, type NoteResponses } from '../../lib/note-responses';

/** Plain-language role names for exports. */
export const ROLE_NAMES: Record<AuthorRole, string> = {
  facilitator: 'Facilitator',
  professional: 'Professional',
  lay_partner: 'Lay partner',
};

/** Heading used for the notes that sit in no frame. */
export const UNFRAMED_HEADING = 'Not in a frame';

/** How an export names people: always the role, and the name when a facilitator asked for names. */
export interface AuthorNaming {
  /** User id to display name; absent when names were not asked for. */
  names?: ReadonlyMap<string, string>;
}

/** A person in an export: "Lay partner", or "Lee Partner (Lay partner)" when names were asked for. */
function person(naming: AuthorNaming, userId: string, role: AuthorRole): string {
  const name = naming.names?.get(userId);
  return name ? `${name} (${ROLE_NAMES[role]})` : ROLE_NAMES[role];
}

/** One note as an export row. */
interface NoteRow {
  frame: string;
  text: string;
  role: string;
  name: string;
  responses: NoteResponses;
}

function rows(outline: BoardOutline, responses: ReadonlyMap<string, NoteResponses>, naming: AuthorNaming): NoteRow[] {
  const sections = [...outline.frames.map((f) => ({ frame: f.name, notes: f.notes })), { frame: UNFRAMED_HEADING, notes: outline.unframed }];
  return sections.flatMap(({ frame, notes }) =>
    notes.map((note) => ({
      frame,
      text: note.text,
      role: note.author ? ROLE_NAMES[note.author.role] : NO_AUTHOR_LABEL,
      name: note.author ? (naming.names?.get(note.author.userId) ?? '') : '',
      responses: responses.get(note.id) ?? NO_RESPONSES,
    })),
  );
}

/** Who gave each reaction: "Agree: Lay partner, Professional; Idea: Facilitator" (names too when asked for). */
function reactedBy({ reactions }: NoteResponses, naming: AuthorNaming): string {
  return REACTION_KINDS.flatMap((kind) => {
    const given = reactions.filter((r) => r.kind === kind);
    return given.length ? [`${REACTION_TEXT[kind].label}: ${given.map((r) => person(naming, r.userId, r.role)).join(', ')}`] : [];
  }).join('; ');
}

/** A comment in an export: "Professional: words", marked "(resolved)" when it is. */
function commentLine(comment: NoteResponses['comments'][number], naming: AuthorNaming): string {
  return `${person(naming, comment.authorId, comment.authorRole)}${comment.resolved ? ' (resolved)' : ''}: ${comment.text}`;
}

/**
 * The notes as CSV: a header row, then one row per note, grouped by frame, with a count per
 * reaction, who reacted, and the comments (one per line in their cell).
 */
export function notesCsv(outline: BoardOutline, responses: ReadonlyMap<string, NoteResponses>, naming: AuthorNaming = {}): string {
  const withNames = !!naming.names;
  const header = ['Frame', 'Note', 'Author role', ...(withNames ? ['Author name'] : []), ...REACTION_KINDS.map((k) => REACTION_TEXT[k].label), 'Reacted by', 'Comments'];
  const body = rows(outline, responses, naming).map((r) => [
    r.frame,
    r.text,
    r.role,
    ...(withNames ? [r.name] : []),
    ...REACTION_KINDS.map((kind) => r.responses.reactions.filter((x) => x.kind === kind).length),
    reactedBy(r.responses, naming),
    r.responses.comments.map((c) => commentLine(c, naming)).join('\n'),
  ]);
  // Line breaks inside a note are quoted too (the library only quotes the record delimiter, CRLF).
  // A byte order mark lets spreadsheet programs read the UTF-8 (names, curly quotes) correctly.
  return '\uFEFF' + stringify([header, ...body], { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}

/** Escapes text so Markdown shows it as typed (no accidental headings, lists, links or emphasis). */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>|~])/g, '\\$1').replace(/^(\s*)([#+-]|\d+\.)/gm, '$1\\$2');
}

/** The notes as Markdown: a heading per frame and a list item per note, its reactions and comments under it. */
export function notesMarkdown(title: string, outline: BoardOutline, responses: ReadonlyMap<string, NoteResponses>, naming: AuthorNaming = {}): string {
  const lines = [`# ${escapeMarkdown(title)}`, ''];
  const sections = [...outline.frames.map((f) => ({ frame: f.name, notes: f.notes }))];
  if (outline.unframed.length > 0) sections.push({ frame: UNFRAMED_HEADING, notes: outline.unframed });
  /** Text over several lines inside a list item, indented by `indent`. */
  const multiline = (text: string, indent: string) =>
    text
      .split('\n')
      .map(escapeMarkdown)
      .join(`  \n${indent}`);
  for (const { frame, notes } of sections) {
    lines.push(`## ${escapeMarkdown(frame)}`, '');
    if (notes.length === 0) lines.push('_No notes._', '');
    for (const note of notes) {
      const by = note.author ? ROLE_NAMES[note.author.role] + (naming.names?.get(note.author.userId) ? `, ${naming.names.get(note.author.userId)}` : '') : null;
      lines.push(`- ${multiline(note.text || '(empty note)', '  ')}${by ? ` (${escapeMarkdown(by)})` : ''}`);
      const { reactions, comments } = responses.get(note.id) ?? NO_RESPONSES;
      if (reactions.length > 0) lines.push(`  - Reactions: ${escapeMarkdown(reactedBy({ reactions, comments }, naming))}`);
      for (const comment of comments) lines.push(`  - Comment from ${multiline(commentLine(comment, naming), '    ')}`);
    }
    if (notes.length > 0) lines.push('');
  }
  return lines.join('\n');
}

import { stringify } from 'csv-stringify/sync';
import { NO_AUTHOR_LABEL, type AuthorRole, type BoardOutline } from '../../lib/board-outline';

/** Plain-language role names for exports. */
export const ROLE_NAMES: Record<AuthorRole, string> = {
  facilitator: 'Facilitator',
  professional: 'Professional',
  lay_partner: 'Lay partner',
};

/** Heading used for the notes that sit in no frame. */
export const UNFRAMED_HEADING = 'Not in a frame';

/** How an export names authors: always the role, and the name when a facilitator asked for names. */
export interface AuthorNaming {
  /** User id to display name; absent when names were not asked for. */
  names?: ReadonlyMap<string, string>;
}

/** One note as an export row. */
interface NoteRow {
  frame: string;
  text: string;
  role: string;
  name: string;
}

function rows(outline: BoardOutline, naming: AuthorNaming): NoteRow[] {
  const sections = [...outline.frames.map((f) => ({ frame: f.name, notes: f.notes })), { frame: UNFRAMED_HEADING, notes: outline.unframed }];
  return sections.flatMap(({ frame, notes }) =>
    notes.map((note) => ({
      frame,
      text: note.text,
      role: note.author ? ROLE_NAMES[note.author.role] : NO_AUTHOR_LABEL,
      name: note.author ? (naming.names?.get(note.author.userId) ?? '') : '',
    })),
  );
}

/** The notes as CSV (a header row, then one row per note, grouped by frame). */
export function notesCsv(outline: BoardOutline, naming: AuthorNaming = {}): string {
  const withNames = !!naming.names;
  const header = ['Frame', 'Note', 'Author role', ...(withNames ? ['Author name'] : [])];
  const body = rows(outline, naming).map((r) => [r.frame, r.text, r.role, ...(withNames ? [r.name] : [])]);
  // Line breaks inside a note are quoted too (the library only quotes the record delimiter, CRLF).
  // A byte order mark lets spreadsheet programs read the UTF-8 (names, curly quotes) correctly.
  return '\uFEFF' + stringify([header, ...body], { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}

/** Escapes text so Markdown shows it as typed (no accidental headings, lists, links or emphasis). */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>|~])/g, '\\$1').replace(/^(\s*)([#+-]|\d+\.)/gm, '$1\\$2');
}

/** The notes as Markdown: a heading per frame and a list item per note. */
export function notesMarkdown(title: string, outline: BoardOutline, naming: AuthorNaming = {}): string {
  const lines = [`# ${escapeMarkdown(title)}`, ''];
  const sections = [...outline.frames.map((f) => ({ frame: f.name, notes: f.notes }))];
  if (outline.unframed.length > 0) sections.push({ frame: UNFRAMED_HEADING, notes: outline.unframed });
  for (const { frame, notes } of sections) {
    lines.push(`## ${escapeMarkdown(frame)}`, '');
    if (notes.length === 0) lines.push('_No notes._', '');
    for (const note of notes) {
      const by = note.author ? ROLE_NAMES[note.author.role] + (naming.names?.get(note.author.userId) ? `, ${naming.names.get(note.author.userId)}` : '') : null;
      const [first, ...rest] = (note.text || '(empty note)').split('\n').map(escapeMarkdown);
      lines.push(`- ${first}${rest.map((line) => `  \n  ${line}`).join('')}${by ? ` (${escapeMarkdown(by)})` : ''}`);
    }
    if (notes.length > 0) lines.push('');
  }
  return lines.join('\n');
}

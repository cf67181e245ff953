import type { BoardOutline } from '@/lib/board-outline';
import { ROLE_LABELS } from '@/server/domain/roles';

/** A saved version read-only, as text: areas as headings, their notes as lists. */
export function VersionOutline({ outline }: { outline: BoardOutline }) {
  const sections = [...outline.frames, ...(outline.unframed.length ? [{ id: 'unframed', name: 'Notes not in an area', notes: outline.unframed }] : [])];
  return (
    <>
      {sections.map((section) => (
        <section key={section.id} aria-labelledby={`v-${section.id}`} className="card">
          <h2 id={`v-${section.id}`}>{section.name}</h2>
          {section.notes.length === 0 ? (
            <p>No notes.</p>
          ) : (
            <ul>
              {section.notes.map((note) => (
                <li key={note.id}>
                  <span style={{ whiteSpace: 'pre-wrap' }}>{note.text || 'Empty note'}</span>
                  {note.author ? ` (${ROLE_LABELS[note.author.role]})` : ''}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </>
  );
}

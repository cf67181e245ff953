'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';

/** Saves the board as it is now under a name ("Before voting"); the list refreshes after. */
export function SaveVersionForm({ boardId }: { boardId: string }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get('name') ?? '');
    setBusy(true);
    try {
      const response = await fetch(`/api/boards/${encodeURIComponent(boardId)}/versions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name }),
      });
      const body = (await response.json()) as { error?: string; fieldErrors?: Record<string, string[]>; name?: string };
      if (!response.ok) {
        setMessage({ kind: 'error', text: body.fieldErrors?.name?.[0] ?? body.error ?? 'The version could not be saved.' });
        return;
      }
      form.reset();
      setMessage({ kind: 'ok', text: `Saved “${body.name}”.` });
      router.refresh();
    } catch {
      setMessage({ kind: 'error', text: 'The version could not be saved: there is no connection. Please try again.' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={save} className="card">
      <div className="field">
        <label htmlFor="version-name">Name for this version</label>
        <p id="version-name-hint" className="field-hint">
          Saves the board as it is now, for example “Before voting”. Nothing on the board changes.
        </p>
        <input id="version-name" name="name" maxLength={80} required aria-describedby="version-name-hint" />
      </div>
      <button type="submit" disabled={busy}>
        Save version
      </button>
      <p role="status" aria-live="polite" className={message ? `notice ${message.kind}` : undefined}>
        {message?.text}
      </p>
    </form>
  );
}

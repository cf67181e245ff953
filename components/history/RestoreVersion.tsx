'use client';
import Link from 'next/link';
import { useState } from 'react';

/** Restores a version after a confirmation step; the board as it is now is saved first. */
export function RestoreVersion({ boardId, versionId, versionName }: { boardId: string; versionId: string; versionName: string }) {
  const [stage, setStage] = useState<'idle' | 'confirm' | 'busy' | 'done'>('idle');
  const [error, setError] = useState<string | null>(null);

  async function restore() {
    setStage('busy');
    setError(null);
    try {
      const response = await fetch(`/api/boards/${encodeURIComponent(boardId)}/versions/${encodeURIComponent(versionId)}/restore`, { method: 'POST' });
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as { error?: string };
        setError(body.error ?? 'The version could not be restored.');
        setStage('idle');
        return;
      }
      setStage('done');
    } catch {
      setError('The version could not be restored: there is no connection. Please try again.');
      setStage('idle');
    }
  }

  return (
    <section aria-labelledby="restore-heading" className="card">
      <h2 id="restore-heading">Restore this version</h2>
      <p>
        Everyone on the board will see it change back to “{versionName}”. The board as it is now is saved as a version first, so nothing
        is lost.
      </p>
      {stage === 'idle' ? (
        <button type="button" onClick={() => setStage('confirm')}>
          Restore “{versionName}”
        </button>
      ) : null}
      {stage === 'confirm' || stage === 'busy' ? (
        <div role="group" aria-label="Confirm restoring">
          <p>Are you sure?</p>
          <button type="button" onClick={() => void restore()} disabled={stage === 'busy'}>
            Yes, restore it
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setStage('idle')} disabled={stage === 'busy'}>
            Cancel
          </button>
        </div>
      ) : null}
      <div role="status" aria-live="polite">
        {stage === 'done' ? (
          <p className="notice ok">
            Restored. <Link href={`/boards/${boardId}`}>Go to the board</Link> or <Link href={`/boards/${boardId}/history`}>back to its history</Link>.
          </p>
        ) : null}
        {error ? <p className="notice error">{error}</p> : null}
      </div>
    </section>
  );
}

'use client';
/** One saved version: the picture of the board as it was (read-only canvas), or its text outline. */
import dynamic from 'next/dynamic';
import { useState, type ReactNode } from 'react';
import type { TLStoreSnapshot } from 'tldraw';

const VersionCanvas = dynamic(() => import('./VersionCanvas'), { ssr: false, loading: () => <p>Opening the old version…</p> });

/** The canvas first; "Show as text" swaps in the outline (given as `outline`) for screen readers and keyboards. */
export function VersionView({ snapshot, outline }: { snapshot: TLStoreSnapshot | null; outline: ReactNode }) {
  const [asText, setAsText] = useState(snapshot === null);
  return (
    <>
      {snapshot ? (
        <p>
          <button type="button" className="secondary" aria-pressed={asText} onClick={() => setAsText((v) => !v)}>
            {asText ? 'Show the board as a picture' : 'Show as text'}
          </button>
        </p>
      ) : null}
      {!asText && snapshot ? <VersionCanvas snapshot={snapshot} /> : outline}
    </>
  );
}

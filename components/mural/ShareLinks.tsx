'use client';
/** A facilitator's share links for an edition: create (the link is shown once), copy, revoke. */
import { useCallback, useEffect, useState } from 'react';
import { refusalMessage } from '@/canvas/assets/board-asset-store';
import { ProgressMessages } from './ProgressMessages';
import styles from './mural.module.css';
import { useProgress } from './use-progress';

interface ShareLink {
  id: string;
  createdAt: string;
  /** Only for a link created in this visit: the secret is never shown again. */
  url?: string;
}

/** Create and revoke view-only links to an edition for people outside the programme. */
export function ShareLinks({ editionId }: { editionId: string }) {
  const [links, setLinks] = useState<ShareLink[]>([]);
  const { status, error, busy, run } = useProgress();
  const base = `/api/editions/${encodeURIComponent(editionId)}/share-links`;

  const load = useCallback(async () => {
    const response = await fetch(base, { cache: 'no-store' });
    if (response.ok) return (await response.json()) as ShareLink[];
    throw new Error(await refusalMessage(response, 'The share links could not be loaded.'));
  }, [base]);

  useEffect(() => {
    load().then(setLinks, () => setLinks([]));
  }, [load]);

  const create = () =>
    run('Creating a share link…', async () => {
      const response = await fetch(base, { method: 'POST' });
      if (!response.ok) throw new Error(await refusalMessage(response, 'The share link could not be created.'));
      const created = (await response.json()) as { id: string; path: string; createdAt: string };
      const url = new URL(created.path, window.location.origin).toString();
      setLinks((current) => [{ id: created.id, createdAt: created.createdAt, url }, ...current]);
      return 'Share link created. Copy it now: it is shown only once.';
    });

  const revoke = (id: string) =>
    run('Turning the link off…', async () => {
      const response = await fetch(`${base}/${encodeURIComponent(id)}`, { method: 'DELETE' });
      if (!response.ok) throw new Error(await refusalMessage(response, 'The share link could not be turned off.'));
      setLinks((current) => current.filter((l) => l.id !== id));
      return 'That link no longer works.';
    });

  return (
    <section aria-labelledby="share-heading">
      <h2 id="share-heading">Share this edition</h2>
      <p>A share link shows the picture of this edition to anyone who has it, without signing in. Nobody can change anything through it, and you can turn it off at any time.</p>
      <button type="button" onClick={() => void create()} disabled={busy}>
        Create a share link
      </button>
      <ul className={styles.links}>
        {links.map((link) => (
          <li key={link.id}>
            {link.url ? (
              <>
                <label htmlFor={`share-${link.id}`}>New share link</label>
                <input id={`share-${link.id}`} readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} />
              </>
            ) : (
              <span>Link created {new Date(link.createdAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}</span>
            )}
            <button type="button" className="danger" onClick={() => void revoke(link.id)} disabled={busy}>
              Turn off this link
            </button>
          </li>
        ))}
      </ul>
      <ProgressMessages status={status} error={error} />
    </section>
  );
}

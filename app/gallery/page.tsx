import type { Metadata } from 'next';
import Link from 'next/link';
import { SiteHeader } from '@/components/site-header';
import { requireUser } from '@/server/auth/session';
import { db } from '@/server/db/client';
import { listGallery } from '@/server/murals/gallery';
import { formatEditionDate } from '@/components/mural/format';
import styles from '@/components/mural/mural.module.css';

export const metadata: Metadata = { title: 'Mural gallery' };

/** The murals of my programmes and their published editions. */
export default async function GalleryPage() {
  const user = await requireUser('/gallery');
  const murals = await listGallery(db(), user.id);
  return (
    <>
      <SiteHeader user={user} />
      <main id="main" className="page">
        <h1>Mural gallery</h1>
        <p>The celebration murals of your programmes. Each edition is a copy frozen on the day it was published.</p>
        {murals.length === 0 && <p>There are no murals in your programmes yet.</p>}
        {murals.map((mural) => (
          <section key={mural.boardId} aria-labelledby={`mural-${mural.boardId}`}>
            <h2 id={`mural-${mural.boardId}`}>
              {mural.title} <span className={styles.muted}>({mural.programmeName})</span>
            </h2>
            <p>
              <Link href={`/boards/${mural.boardId}`}>Open the live mural</Link>
            </p>
            {mural.editions.length === 0 ? (
              <p>No editions published yet.</p>
            ) : (
              <ul className={styles.grid} aria-label={`Editions of ${mural.title}`}>
                {mural.editions.map((edition) => (
                  <li key={edition.id} className={styles.card}>
                    {/* eslint-disable-next-line @next/next/no-img-element -- private, access-checked file */}
                    <img src={`/api/editions/${edition.id}/image?size=thumbnail`} alt="" width={480} height={360} />
                    <Link href={`/gallery/editions/${edition.id}`}>{edition.title}</Link>
                    <span>
                      Published <time dateTime={edition.publishedAt}>{formatEditionDate(edition.publishedAt)}</time>
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))}
      </main>
    </>
  );
}

import Link from 'next/link';
import type { ProgrammeSummary } from '@/server/programme/programmes';
import { formatDay } from '../format';
import styles from '../layout.module.css';

/** Programmes with their cohorts, each linking to its page. */
export function ProgrammeList({ programmes, headingLevel = 2 }: { programmes: ProgrammeSummary[]; headingLevel?: 2 | 3 }) {
  const Heading = `h${headingLevel}` as const;
  if (programmes.length === 0) return <p>There are no programmes yet.</p>;
  return (
    <>
      {programmes.map((programme) => (
        <section key={programme.id} className="card" aria-labelledby={`programme-${programme.id}`}>
          <Heading id={`programme-${programme.id}`}>
            <Link href={`/programmes/${programme.id}`}>{programme.name}</Link>
          </Heading>
          {programme.celebrationOn ? <p className={styles.muted}>Celebration: {formatDay(programme.celebrationOn)}</p> : null}
          <CohortList cohorts={programme.cohorts} />
        </section>
      ))}
    </>
  );
}

/** Cohorts as a list of links with venue, area and workshop dates. */
export function CohortList({ cohorts }: { cohorts: ProgrammeSummary['cohorts'] }) {
  if (cohorts.length === 0) return <p>No cohorts yet.</p>;
  return (
    <ul className={styles.boards}>
      {cohorts.map((c) => (
        <li key={c.id}>
          <Link href={`/cohorts/${c.id}`}>{c.name}</Link>{' '}
          <span className={styles.muted}>
            at {c.venue}, {c.area}
            {c.firstWorkshop && c.lastWorkshop ? ` · ${formatDay(c.firstWorkshop)} to ${formatDay(c.lastWorkshop)}` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}

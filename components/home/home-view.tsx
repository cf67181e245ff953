import Link from 'next/link';
import type { HomeData, HomeWorkshop } from '@/server/programme/home';
import { ROLE_LABELS } from '@/server/domain/roles';
import { CohortList } from '../programme/programme-list';
import { BoardLinks } from '../board-links';
import { formatDay, isoDay, TIMING_LABEL } from '../format';
import styles from '../layout.module.css';

function NextWorkshop({ workshop }: { workshop: HomeWorkshop | null }) {
  if (!workshop) return <p>All three workshops have taken place.</p>;
  if (workshop.timing === 'today') {
    return (
      <p>
        <strong>Today is workshop {workshop.number}.</strong>
      </p>
    );
  }
  return (
    <p>
      <strong>Next workshop:</strong> workshop {workshop.number} on <time dateTime={isoDay(workshop.date)}>{formatDay(workshop.date)}</time>
    </p>
  );
}

/** One cohort I am in: venue, my partner and project, workshop dates, my boards. */
function MembershipCard({ membership: m }: { membership: HomeData['memberships'][number] }) {
  const headingId = `cohort-${m.cohortId}-heading`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>
        My cohort: <Link href={`/cohorts/${m.cohortId}`}>{m.cohortName}</Link>
      </h2>
      <p>
        {m.programmeName} · Venue: {m.venue}, {m.area} · You are a {ROLE_LABELS[m.role].toLowerCase()}.
      </p>
      <NextWorkshop workshop={m.nextWorkshop} />
      {m.role !== 'facilitator' ? (
        m.partner ? (
          <div>
            <h3>My partner and project</h3>
            <p>
              <strong>Partner:</strong> {m.partner.name} ({ROLE_LABELS[m.partner.role].toLowerCase()})
              <br />
              <strong>Project:</strong> {m.project?.title}
            </p>
            {m.project?.challenge ? (
              <p>
                <strong>Challenge:</strong> {m.project.challenge}
              </p>
            ) : null}
          </div>
        ) : (
          <p>You do not have a partner yet. Your facilitator will pair you with someone.</p>
        )
      ) : null}
      <h3>Workshops</h3>
      <ol>
        {m.workshops.map((w) => (
          <li key={w.number}>
            <time dateTime={isoDay(w.date)}>{formatDay(w.date)}</time> <span className={styles.muted}>({TIMING_LABEL[w.timing]})</span>
          </li>
        ))}
      </ol>
      <h3>My boards</h3>
      <BoardLinks boards={m.boards} />
    </section>
  );
}

/** The home page: a participant's cohorts, and the programmes a facilitator runs. */
export function HomeView({ home, name }: { home: HomeData; name: string | null }) {
  return (
    <>
      <h1>{name ? `Welcome, ${name}` : 'Welcome to Together Board'}</h1>
      {home.programmes.length ? (
        <section aria-labelledby="my-programmes-heading">
          <h2 id="my-programmes-heading">Programmes I run</h2>
          {home.programmes.map((p) => (
            <section key={p.id} className="card" aria-labelledby={`programme-${p.id}-heading`}>
              <h3 id={`programme-${p.id}-heading`}>
                <Link href={`/programmes/${p.id}`}>{p.name}</Link>
              </h3>
              <CohortList cohorts={p.cohorts} />
            </section>
          ))}
        </section>
      ) : null}
      {home.isFacilitator && home.programmes.length === 0 ? (
        <p>
          You do not run a programme yet. <Link href="/programmes">Create a programme</Link>.
        </p>
      ) : null}
      {home.memberships.map((m) => (
        <MembershipCard key={m.cohortId} membership={m} />
      ))}
      {!home.isFacilitator && home.memberships.length === 0 ? (
        <p>You are not in a cohort yet. Ask your facilitator for an invitation link.</p>
      ) : null}
    </>
  );
}

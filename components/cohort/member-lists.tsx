import type { CohortOverview, CohortPerson } from '@/server/programme/cohorts';
import type { FormState } from '@/lib/form-state';
import { countOf } from '../format';
import { RemoveMemberButton } from './remove-member-button';
import styles from '../layout.module.css';

type FormAction = (previous: FormState, formData: FormData) => Promise<FormState>;

function PersonList({ people, emptyText, removeAction }: { people: CohortPerson[]; emptyText: string; removeAction?: FormAction }) {
  if (people.length === 0) return <p className={styles.muted}>{emptyText}</p>;
  return (
    <ul className={styles.people}>
      {people.map((p) => (
        <li key={p.memberId}>
          {p.name}
          {p.pairId ? null : <span className={styles.tag}>not yet paired</span>}
          {removeAction ? <RemoveMemberButton action={removeAction} memberId={p.memberId} name={p.name} /> : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * Professionals and lay partners side by side with their counts, the programme's
 * equal-numbers flag, and the cohort's facilitators.
 */
export function MemberLists({ overview, removeAction }: { overview: CohortOverview; removeAction?: FormAction }) {
  const { professionals, layPartners, facilitators, balance } = overview;
  return (
    <section aria-labelledby="people-heading">
      <h2 id="people-heading">People</h2>
      {balance.message ? (
        <div className="notice warn" role="note">
          <strong>Unequal numbers.</strong> {balance.message}
        </div>
      ) : (
        <p className={styles.muted}>Equal numbers of professionals and lay partners, as the programme asks.</p>
      )}
      <div className={styles.columns}>
        <section className={`card ${styles.professional}`} aria-labelledby="professionals-heading">
          <h3 id="professionals-heading">Professionals ({professionals.length})</h3>
          <PersonList people={professionals} emptyText="No professionals have joined yet." removeAction={removeAction} />
        </section>
        <section className={`card ${styles.layPartner}`} aria-labelledby="lay-partners-heading">
          <h3 id="lay-partners-heading">Lay partners ({layPartners.length})</h3>
          <PersonList people={layPartners} emptyText="No lay partners have joined yet." removeAction={removeAction} />
        </section>
      </div>
      <section className="card" aria-labelledby="facilitators-heading">
        <h3 id="facilitators-heading">Facilitators ({facilitators.length})</h3>
        {facilitators.length ? (
          <ul className={styles.people}>
            {facilitators.map((f) => (
              <li key={f.userId}>{f.name}</li>
            ))}
          </ul>
        ) : (
          <p className={styles.muted}>No facilitators yet.</p>
        )}
      </section>
      <p className={styles.muted}>
        In total: {countOf(professionals.length, 'professional', 'professionals')}, {countOf(layPartners.length, 'lay partner', 'lay partners')}.
      </p>
    </section>
  );
}

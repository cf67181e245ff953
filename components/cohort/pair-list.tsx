import Link from 'next/link';
import type { CohortOverview } from '@/server/programme/cohorts';
import type { FormState } from '@/lib/form-state';
import { ChangePairDisclosure, UnpairButton } from './pair-form';
import styles from '../layout.module.css';

type FormAction = (previous: FormState, formData: FormData) => Promise<FormState>;

/** The cohort's pairs with project, challenge and board; facilitators can change or unpair them. */
export function PairList(props: { overview: CohortOverview; unpairAction?: FormAction; rePairAction?: FormAction }) {
  const { pairs, unpaired } = props.overview;
  if (pairs.length === 0) return <p>No pairs yet.</p>;
  return (
    <ul className={styles.cards} aria-label="Pairs">
      {pairs.map((pair) => {
        const names = `${pair.professional.name} and ${pair.layPartner.name}`;
        return (
          <li key={pair.id} className="card">
            <h3 id={`pair-${pair.id}-title`}>{pair.projectTitle}</h3>
            <p>
              <strong>Professional:</strong> {pair.professional.name}
              <br />
              <strong>Lay partner:</strong> {pair.layPartner.name}
            </p>
            {pair.challenge ? (
              <p>
                <strong>Challenge:</strong> {pair.challenge}
              </p>
            ) : null}
            <div className={styles.actions}>
              {pair.boardId ? (
                <Link href={`/boards/${pair.boardId}`}>
                  Open pair board<span className="visually-hidden"> for {names}</span>
                </Link>
              ) : null}
              {props.unpairAction ? <UnpairButton action={props.unpairAction} pairId={pair.id} names={names} /> : null}
            </div>
            {props.rePairAction ? (
              <ChangePairDisclosure
                action={props.rePairAction}
                pair={pair}
                names={names}
                summaryClassName={styles.summary}
                unpairedProfessionals={unpaired.professionals}
                unpairedLayPartners={unpaired.layPartners}
              />
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

import type { CohortOverview } from '@/server/programme/cohorts';
import { workshopTiming, type ScheduleWarning } from '@/server/domain/schedule';
import { BoardLinks } from '../board-links';
import { formatDay, isoDay, TIMING_LABEL } from '../format';
import styles from '../layout.module.css';

/** The three workshop days (past ones marked) and, for facilitators, any schedule warnings. */
export function CohortWorkshops(props: { workshops: CohortOverview['workshops']; today: string; warnings: ScheduleWarning[] }) {
  return (
    <section aria-labelledby="workshops-heading" className="card">
      <h2 id="workshops-heading">Workshops</h2>
      <ol>
        {props.workshops.map((w) => (
          <li key={w.id}>
            <time dateTime={isoDay(w.date)}>{formatDay(w.date)}</time>{' '}
            <span className={styles.muted}>({TIMING_LABEL[workshopTiming(w.date, props.today)]})</span>
          </li>
        ))}
      </ol>
      {props.warnings.length ? (
        <div className="notice warn">
          <p style={{ margin: 0, fontWeight: 600 }}>These dates do not follow the usual schedule:</p>
          <ul>
            {props.warnings.map((w) => (
              <li key={w.code + w.message}>{w.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

/** Links to every board of the cohort; archived pair boards are kept and marked. */
export function CohortBoards({ boards }: { boards: CohortOverview['boards'] }) {
  return (
    <section aria-labelledby="boards-heading" className="card">
      <h2 id="boards-heading">Boards</h2>
      <BoardLinks boards={boards} />
    </section>
  );
}

'use client';

import { useActionState } from 'react';
import { IDLE, type FormState } from '@/lib/form-state';
import { TextField } from '../forms/fields';
import { FormMessage } from '../forms/form-message';
import { SubmitButton } from '../forms/submit-button';
import styles from '../layout.module.css';

/**
 * The form for a new cohort: name, venue, area and three workshop dates. Dates that break the
 * programme's schedule rule are saved anyway; the warnings show after saving.
 */
export function CreateCohortForm({ action: createCohort }: { action: (previous: FormState, formData: FormData) => Promise<FormState> }) {
  const [state, action] = useActionState(createCohort, IDLE);
  return (
    <form action={action} noValidate aria-labelledby="create-cohort-heading">
      <h2 id="create-cohort-heading">Create a cohort</h2>
      <p className={styles.muted}>
        A cohort is one group of professionals and lay partners from the same area. They meet for three one-day workshops
        spread over about three months.
      </p>
      <FormMessage state={state} />
      <TextField name="name" label="Cohort name" hint="For example, Oxford spring 2026." state={state} required />
      <TextField name="venue" label="Venue" hint="Where the workshops take place, for example Oxford Town Hall." state={state} required />
      <TextField name="area" label="Area" hint="The county or area people come from, for example Oxfordshire." state={state} required />
      <fieldset>
        <legend>Workshop dates</legend>
        <p className="field-hint">About a month apart is usual: at least two weeks between workshops, 6 to 16 weeks first to last.</p>
        <div className={styles.dates}>
          {[1, 2, 3].map((n) => (
            <TextField key={n} name={`workshop${n}`} type="date" label={`Workshop ${n} date`} state={state} required />
          ))}
        </div>
      </fieldset>
      <SubmitButton>Create cohort</SubmitButton>
    </form>
  );
}

'use client';

import { useActionState } from 'react';
import { createProgrammeAction } from '@/server/programme/actions';
import { IDLE } from '@/lib/form-state';
import { TextField } from '../forms/fields';
import { FormMessage } from '../forms/form-message';
import { SubmitButton } from '../forms/submit-button';

/** The facilitator's form for a new programme; on success the programme's page opens. */
export function CreateProgrammeForm() {
  const [state, action] = useActionState(createProgrammeAction, IDLE);
  return (
    <form action={action} noValidate aria-labelledby="create-programme-heading">
      <h2 id="create-programme-heading">Create a programme</h2>
      <FormMessage state={state} />
      <TextField name="name" label="Programme name" hint="For example, Leading Together 2026." state={state} required />
      <TextField
        name="celebrationOn"
        type="date"
        label="Celebration date (optional)"
        hint="When graduates come together to celebrate and build the mural."
        state={state}
      />
      <SubmitButton>Create programme</SubmitButton>
    </form>
  );
}

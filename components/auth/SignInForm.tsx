'use client';

import { useActionState } from 'react';
import { requestSignInAction } from '@/server/auth/actions';
import { IDLE } from '@/lib/form-state';
import { TextField } from '../forms/fields';
import { FormMessage } from '../forms/form-message';
import { SubmitButton } from '../forms/submit-button';

/** The email sign-in form; works without JavaScript too (a plain form post to the server action). */
export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action] = useActionState(requestSignInAction, IDLE);
  return (
    <form action={action} noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <TextField
        name="email"
        type="email"
        label="Email address"
        hint="The address your facilitator or your invitation used."
        autoComplete="email"
        state={state}
        required
      />
      <SubmitButton>Email me a sign-in link</SubmitButton>
    </form>
  );
}

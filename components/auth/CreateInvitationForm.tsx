'use client';

import { useActionState } from 'react';
import { createInvitationAction, type CreatedInvitationState } from '@/server/auth/actions';
import { IDLE } from '@/lib/form-state';
import { SelectField, TextField } from '../forms/fields';
import { FormMessage } from '../forms/form-message';
import { SubmitButton } from '../forms/submit-button';
import { CopyLinkButton } from './CopyLinkButton';
import { RadioGroup } from './RadioGroup';

const ROLE_OPTIONS = [
  { value: 'professional', label: 'A professional', hint: 'Someone who works in health or care.' },
  { value: 'lay_partner', label: 'A lay partner', hint: 'A patient, carer or member of the public.' },
  { value: 'facilitator', label: 'A facilitator', hint: 'Someone who helps you run this cohort.' },
];

const KIND_OPTIONS = [
  { value: 'single', label: 'One person', hint: 'The link stops working once it has been used.' },
  { value: 'group', label: 'A group', hint: 'For a handout: anyone with the link can join until it expires.' },
];

const EXPIRY_OPTIONS = [
  { value: '1', label: '1 day' },
  { value: '7', label: '1 week' },
  { value: '14', label: '2 weeks' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days (the length of a cohort)' },
];

/**
 * Creates an invitation and shows its link and QR code once. Only a hash of the link's secret
 * is stored, so after this page is left the link cannot be shown again: the facilitator
 * withdraws it and makes a new one instead. The QR downloads carry the secret back to the
 * server, which checks it against the stored hash before drawing the code.
 */
export function CreateInvitationForm({ cohortId, closedInvitationIds = [] }: { cohortId: string; closedInvitationIds?: string[] }) {
  const [state, action] = useActionState<CreatedInvitationState, FormData>(createInvitationAction.bind(null, cohortId), IDLE);
  const created = state.status === 'ok' ? state.created : undefined;
  // Withdrawn (or used up) since it was made: its link and QR code must not be copied or printed.
  const closed = created ? closedInvitationIds.includes(created.invitationId) : false;
  const qrHref = created ? `/api/invitations/${created.invitationId}/qr?token=${encodeURIComponent(created.token)}` : '';
  return (
    <>
      <form action={action} noValidate aria-labelledby="create-invitation-heading">
        <h2 id="create-invitation-heading">Create an invitation link</h2>
        {state.status === 'error' && <FormMessage state={state} />}
        <RadioGroup name="role" legend="Who is it for?" options={ROLE_OPTIONS} state={state} />
        <RadioGroup name="kind" legend="How many people can use it?" options={KIND_OPTIONS} state={state} defaultValue="single" />
        <SelectField name="expiresInDays" label="The link works for" options={EXPIRY_OPTIONS} placeholder="Choose how long" defaultValue="14" state={state} />
        <TextField
          name="label"
          label="Note for yourself (optional)"
          hint="For example the person's name, or 'Handout for workshop 1'. Only facilitators see it."
          state={state}
        />
        <SubmitButton>Create link</SubmitButton>
      </form>
      <p role="status" className="visually-hidden">
        {created ? 'Invitation link created. It is shown below with its QR code.' : ''}
      </p>
      {created && closed && (
        <section className="card" aria-labelledby="new-invitation-heading" style={{ marginTop: '1.5rem' }}>
          <h2 id="new-invitation-heading">New link: {created.description}</h2>
          <p className="notice warn">This link no longer works: it has been withdrawn or used. Create a new one if you still need it.</p>
        </section>
      )}
      {created && !closed && (
        <section className="card" aria-labelledby="new-invitation-heading" style={{ marginTop: '1.5rem' }}>
          <h2 id="new-invitation-heading">New link: {created.description}</h2>
          <p className="notice warn">
            Copy or print this link now. For safety we keep only a scrambled copy of it, so it cannot be shown again after you
            leave this page. If it gets lost, withdraw it below and create a new one.
          </p>
          <label htmlFor="new-invitation-url">Invitation link</label>
          <input id="new-invitation-url" readOnly value={created.url} onFocus={(event) => event.currentTarget.select()} />
          <p>
            <CopyLinkButton url={created.url} />
          </p>
          {/* eslint-disable-next-line @next/next/no-img-element -- a data URL made on the server; next/image adds nothing */}
          <img src={created.qrSvgDataUrl} alt="QR code that opens the invitation link" width={240} height={240} />
          <p>
            <a href={qrHref} download>
              Download the QR code as a picture (PNG)
            </a>
            <br />
            <a href={`${qrHref}&format=svg`} download>
              Download the QR code for printing (SVG)
            </a>
          </p>
        </section>
      )}
    </>
  );
}

'use client';

import { useActionState, useState } from 'react';
import { IDLE, type FormState } from '@/lib/form-state';
import { SelectField, TextAreaField, TextField } from '../forms/fields';
import { FormMessage } from '../forms/form-message';
import { SubmitButton } from '../forms/submit-button';

type FormAction = (previous: FormState, formData: FormData) => Promise<FormState>;
interface Person {
  memberId: string;
  name: string;
}

/** Pairs one unpaired professional with one unpaired lay partner and records their project. */
export function PairForm(props: { action: FormAction; professionals: Person[]; layPartners: Person[] }) {
  const [state, action] = useActionState(props.action, IDLE);
  const options = (people: Person[]) => people.map((p) => ({ value: p.memberId, label: p.name }));
  return (
    <form action={action} noValidate aria-labelledby="pair-form-heading">
      <h3 id="pair-form-heading">Make a pair</h3>
      <FormMessage state={state} />
      <SelectField name="professionalId" label="Professional" placeholder="Choose a professional" options={options(props.professionals)} state={state} required />
      <SelectField name="layPartnerId" label="Lay partner" placeholder="Choose a lay partner" options={options(props.layPartners)} state={state} required />
      <TextField name="projectTitle" label="Project title" hint="A short name for what they will work on together." state={state} required />
      <TextAreaField name="challenge" label="Challenge" hint="The current challenge they want to improve, in a sentence or two (optional)." state={state} />
      <SubmitButton>Pair them</SubmitButton>
    </form>
  );
}

/**
 * Changes a pair: edit the project, or choose a new partner for either person (the old pair
 * board is then archived and the new pair gets a fresh one).
 */
function ChangePairForm(props: {
  action: FormAction;
  pair: { id: string; projectTitle: string; challenge: string; professional: Person; layPartner: Person };
  unpairedProfessionals: Person[];
  unpairedLayPartners: Person[];
}) {
  const [state, action] = useActionState(props.action, IDLE);
  const { pair } = props;
  const prefix = `pair-${pair.id}-`;
  const options = (current: Person, others: Person[]) => [current, ...others].map((p) => ({ value: p.memberId, label: p.name }));
  return (
    <form action={action} noValidate>
      <input type="hidden" name="pairId" value={pair.id} />
      <FormMessage state={state} />
      <TextField idPrefix={prefix} name="projectTitle" label="Project title" defaultValue={pair.projectTitle} state={state} required />
      <TextAreaField idPrefix={prefix} name="challenge" label="Challenge" defaultValue={pair.challenge} state={state} />
      <SelectField
        idPrefix={prefix}
        name="professionalId"
        label="Professional"
        hint="Choose someone else only if the pair needs a new partner."
        placeholder="Choose a professional"
        defaultValue={pair.professional.memberId}
        options={options(pair.professional, props.unpairedProfessionals)}
        state={state}
      />
      <SelectField
        idPrefix={prefix}
        name="layPartnerId"
        label="Lay partner"
        placeholder="Choose a lay partner"
        defaultValue={pair.layPartner.memberId}
        options={options(pair.layPartner, props.unpairedLayPartners)}
        state={state}
      />
      <SubmitButton>Save changes</SubmitButton>
    </form>
  );
}

/**
 * "Change project or partner" for one pair: the form is only rendered while the disclosure is
 * open, so the page has one "Professional" field (the pair form's) until a facilitator asks.
 */
export function ChangePairDisclosure(props: Parameters<typeof ChangePairForm>[0] & { names: string; summaryClassName?: string }) {
  const [open, setOpen] = useState(false);
  const { names, summaryClassName, ...formProps } = props;
  return (
    <details onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary className={summaryClassName}>
        Change project or partner<span className="visually-hidden"> for {names}</span>
      </summary>
      {open ? <ChangePairForm {...formProps} /> : null}
    </details>
  );
}

/** Unpairs a pair; their board is archived (kept, read-only), so it is safe to do. */
export function UnpairButton({ action: unpair, pairId, names }: { action: FormAction; pairId: string; names: string }) {
  const [state, action] = useActionState(unpair, IDLE);
  return (
    <form action={action}>
      <input type="hidden" name="pairId" value={pairId} />
      <SubmitButton className="danger">
        Unpair<span className="visually-hidden"> {names}</span>
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}

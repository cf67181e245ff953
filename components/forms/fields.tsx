import type { FormState } from '@/lib/form-state';

interface FieldProps {
  /** The form field's name, also used (with `idPrefix`) for its id. */
  name: string;
  label: string;
  state: FormState;
  hint?: string;
  /** Keeps ids unique when one page has several copies of a form. */
  idPrefix?: string;
  defaultValue?: string;
  required?: boolean;
}

/** The ids and ARIA attributes that tie a field to its hint and its error message. */
function describe({ name, idPrefix = '', hint, state }: FieldProps) {
  const id = `${idPrefix}${name}`;
  const error = state.fieldErrors?.[name]?.join(' ');
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return {
    id,
    error,
    hintId,
    errorId,
    aria: {
      'aria-invalid': error ? (true as const) : undefined,
      'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') || undefined,
    },
  };
}

function Hint({ id, text }: { id?: string; text?: string }) {
  return text ? (
    <p className="field-hint" id={id}>
      {text}
    </p>
  ) : null;
}

function ErrorText({ id, text }: { id?: string; text?: string }) {
  return text ? (
    <p className="field-error" id={id}>
      <span className="visually-hidden">Error: </span>
      {text}
    </p>
  ) : null;
}

/** A labelled text (or date) input with its hint and error announced to screen readers. */
export function TextField(props: FieldProps & { type?: 'text' | 'date' | 'email'; autoComplete?: string }) {
  const { id, error, hintId, errorId, aria } = describe(props);
  const value = props.state.values?.[props.name] ?? props.defaultValue ?? '';
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <Hint id={hintId} text={props.hint} />
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        defaultValue={value}
        required={props.required}
        autoComplete={props.autoComplete ?? 'off'}
        {...aria}
      />
      <ErrorText id={errorId} text={error} />
    </div>
  );
}

/** A labelled multi-line text box. */
export function TextAreaField(props: FieldProps & { rows?: number }) {
  const { id, error, hintId, errorId, aria } = describe(props);
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <Hint id={hintId} text={props.hint} />
      <textarea id={id} name={props.name} rows={props.rows ?? 3} defaultValue={props.state.values?.[props.name] ?? props.defaultValue ?? ''} {...aria} />
      <ErrorText id={errorId} text={error} />
    </div>
  );
}

/** A labelled drop-down list with a first "Choose…" option. */
export function SelectField(props: FieldProps & { options: { value: string; label: string }[]; placeholder: string }) {
  const { id, error, hintId, errorId, aria } = describe(props);
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <Hint id={hintId} text={props.hint} />
      <select id={id} name={props.name} defaultValue={props.state.values?.[props.name] ?? props.defaultValue ?? ''} required={props.required} {...aria}>
        <option value="">{props.placeholder}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <ErrorText id={errorId} text={error} />
    </div>
  );
}

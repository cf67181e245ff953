import type { FormState } from '@/lib/form-state';

interface RadioGroupProps {
  name: string;
  legend: string;
  options: { value: string; label: string; hint?: string }[];
  state: FormState;
  defaultValue?: string;
}

/** A fieldset of radio buttons with its error tied to the group (read out on entering it). */
export function RadioGroup({ name, legend, options, state, defaultValue }: RadioGroupProps) {
  const error = state.fieldErrors?.[name]?.join(' ');
  const errorId = error ? `${name}-error` : undefined;
  const checked = state.values?.[name] ?? defaultValue;
  return (
    <fieldset className="field" aria-describedby={errorId} style={{ border: 0, padding: 0, margin: '0 0 1em' }}>
      <legend style={{ fontWeight: 600, marginBottom: '0.4em' }}>{legend}</legend>
      {error && (
        <p className="field-error" id={errorId}>
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      )}
      {options.map((option) => {
        const id = `${name}-${option.value}`;
        return (
          <div key={option.value} style={{ display: 'flex', gap: '0.6em', alignItems: 'flex-start', marginBottom: '0.5em' }}>
            <input
              type="radio"
              id={id}
              name={name}
              value={option.value}
              defaultChecked={checked === option.value}
              aria-describedby={option.hint ? `${id}-hint` : undefined}
              style={{ width: '1.5em', minHeight: '1.5em', marginTop: '0.15em' }}
            />
            <div>
              <label htmlFor={id} style={{ fontWeight: 400, margin: 0 }}>
                {option.label}
              </label>
              {option.hint && (
                <p id={`${id}-hint`} className="field-hint" style={{ margin: 0 }}>
                  {option.hint}
                </p>
              )}
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}

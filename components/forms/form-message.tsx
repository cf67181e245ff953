import Link from 'next/link';
import type { FormState } from '@/lib/form-state';

/**
 * The outcome of a form, announced to screen readers: an error (role=alert), or a success
 * with any warnings that did not stop the save (role=status).
 */
export function FormMessage({ state }: { state: FormState }) {
  if (state.status === 'idle' || !(state.message || state.warnings?.length || state.link)) return null;
  const isError = state.status === 'error';
  return (
    <div className={`notice ${isError ? 'error' : 'ok'}`} role={isError ? 'alert' : 'status'}>
      {state.message ? <p style={{ margin: 0 }}>{state.message}</p> : null}
      {state.warnings?.length ? (
        <div className="notice warn">
          <p style={{ margin: 0, fontWeight: 600 }}>{isError ? 'Not done:' : 'Saved, but please check:'}</p>
          <ul>
            {state.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {state.link ? (
        <p style={{ margin: '0.5em 0 0' }}>
          <Link href={state.link.href}>{state.link.label}</Link>
        </p>
      ) : null}
    </div>
  );
}

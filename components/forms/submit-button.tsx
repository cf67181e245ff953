'use client';

import { useFormStatus } from 'react-dom';

/**
 * A submit button that is disabled while its form is saving, so a double click sends one
 * request (the server copes with two anyway). The label stays the same for screen readers.
 */
export function SubmitButton({ children, className }: { children: React.ReactNode; className?: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={className} disabled={pending} aria-disabled={pending}>
      {children}
      {pending ? <span aria-hidden="true"> …</span> : null}
    </button>
  );
}

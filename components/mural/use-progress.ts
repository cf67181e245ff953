'use client';
import { useCallback, useState } from 'react';

/** One long task at a time with a spoken status ("Preparing…", "Saved") and a plain error. */
export function useProgress() {
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const run = useCallback(async (working: string, task: (say: (text: string) => void) => Promise<string>) => {
    setBusy(true);
    setError('');
    setStatus(working);
    try {
      setStatus(await task(setStatus));
    } catch (e) {
      setStatus('');
      setError(e instanceof Error ? e.message : 'Something went wrong. Please try again.');
    } finally {
      setBusy(false);
    }
  }, []);

  return { status, error, busy, run };
}

import styles from './mural.module.css';

/** What useProgress says: the status read out politely as it changes, the error read out at once. */
export function ProgressMessages({ status, error }: { status: string; error: string }) {
  return (
    <>
      <p role="status" aria-live="polite" className={styles.status}>
        {status}
      </p>
      <p role="alert" className={styles.error}>
        {error}
      </p>
    </>
  );
}

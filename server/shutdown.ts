import { log } from './log';

/** How long stopping (saving every board first) may take before the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 10_000;

/**
 * Stops the process cleanly on SIGTERM or SIGINT: runs `stop` once (it saves every board and
 * closes the database), then exits 0; exits 1 if it fails or takes longer than 10 seconds.
 * Shared by `npm start` (main.ts) and `npm run realtime` (realtime-standalone.ts).
 */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'Stopping: saving every board first');
    const deadline = setTimeout(() => {
      log.error(`Could not stop cleanly within ${SHUTDOWN_DEADLINE_MS / 1000} seconds; exiting.`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'Error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
}

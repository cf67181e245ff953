import { startServer } from './http-server';
import { log } from './log';
import { printSignInHelp } from './auth/sign-in-help';

const SHUTDOWN_DEADLINE_MS = 10_000;

async function main(): Promise<void> {
  const dev = process.argv.includes('--dev');
  const server = await startServer({ dev });
  await printSignInHelp(server.url);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'Stopping: saving every board first');
    const deadline = setTimeout(() => {
      log.error('Could not stop cleanly within 10 seconds; exiting.');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'Error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, error instanceof Error ? error.message : 'Start-up failed');
  process.exit(1);
});

import { printSignInHelp } from './auth/sign-in-help';
import { startServer } from './http-server';
import { log } from './log';
import { stopOnSignals } from './shutdown';

async function main(): Promise<void> {
  const dev = process.argv.includes('--dev');
  const server = await startServer({ dev });
  await printSignInHelp(server.url);
  stopOnSignals(() => server.close());
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, error instanceof Error ? error.message : 'Start-up failed');
  process.exit(1);
});

// `npm run db:migrate`: applies the checked-in migrations to DATABASE_URL (or the embedded
// SQLite file) without starting the server; `npm start` does the same at every start.
import { applyMigrations } from '../server/db/migrate';

applyMigrations().then(
  () => console.log('The database is up to date.'),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);

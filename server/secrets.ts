import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dataDir } from './db/location';

const SECRET_NAMES = ['NEXTAUTH_SECRET', 'BOARD_TOKEN_SECRET'] as const;

/**
 * Makes sure every secret is set. Missing ones are generated once into `data/secrets.json`
 * (mode 0600, never committed, never logged) and loaded into `process.env`.
 */
export function ensureSecrets(): void {
  const file = path.join(dataDir(), 'secrets.json');
  let stored: Record<string, string> = {};
  if (fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  let changed = false;
  for (const name of SECRET_NAMES) {
    if (process.env[name]) continue;
    if (!stored[name]) {
      stored[name] = crypto.randomBytes(32).toString('base64url');
      changed = true;
    }
    process.env[name] = stored[name];
  }
  if (changed) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
}

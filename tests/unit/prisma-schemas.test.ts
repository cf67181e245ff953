import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Where the models start in each schema file (scripts/new-migration.mjs copies from there on). */
const MODELS_START = '// ---------- next-auth';
const root = path.resolve(import.meta.dirname, '../..');
const read = (flavour: string) => fs.readFileSync(path.join(root, 'prisma', flavour, 'schema.prisma'), 'utf8');

describe('the SQLite and PostgreSQL schemas', () => {
  it('share one set of models, so one client type serves both databases', () => {
    const sqlite = read('sqlite');
    const postgres = read('postgres');
    expect(sqlite.indexOf(MODELS_START)).toBeGreaterThan(0);
    expect(postgres.slice(postgres.indexOf(MODELS_START))).toBe(sqlite.slice(sqlite.indexOf(MODELS_START)));
  });

  it('differ only in their provider and generated client folder', () => {
    const header = (schema: string) => schema.slice(0, schema.indexOf(MODELS_START));
    expect(header(read('sqlite'))).toMatch(/provider = "sqlite"/);
    expect(header(read('postgres'))).toMatch(/provider = "postgresql"/);
    expect(header(read('postgres'))).toMatch(/output\s+= "..\/..\/server\/db\/generated\/postgres"/);
  });
});

/**
 * The bare-tldraw page of the browser bench (bench/browser/bare.tsx): bundled once with esbuild
 * into a temp folder and served with page.route under BARE_PATH on the app's own origin, so its
 * fonts and icons come from the same server as a board page's. No app code runs on it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { BrowserContext } from '@playwright/test';
import type { TLRecord } from '@tldraw/tlschema';
import { boardSchema } from '../../server/realtime/seed';

export const BARE_PATH = '/__bench-bare/';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

/** Bundles the bare page (minified, production React) into a fresh temp folder; returns the folder. */
export async function buildBarePage(): Promise<string> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'together-board-bare-'));
  await build({
    entryPoints: [path.resolve(import.meta.dirname, '../browser/bare.tsx')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    outdir: out,
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.woff2': 'file', '.woff': 'file', '.svg': 'file', '.png': 'file' },
    logLevel: 'error',
  });
  fs.writeFileSync(
    path.join(out, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bare tldraw</title><link rel="stylesheet" href="bare.css"></head><body><div id="root"></div><script type="module" src="bare.js"></script></body></html>',
  );
  return out;
}

/** Serves the bundle and `snapshot.json` (the given records as a tldraw store snapshot) in `context`. */
export async function serveBarePage(context: BrowserContext, bundleDir: string, records: TLRecord[]): Promise<void> {
  const snapshot = JSON.stringify({ store: Object.fromEntries(records.map((r) => [r.id, r])), schema: boardSchema().serialize() });
  await context.route(`**${BARE_PATH}**`, async (route) => {
    const name = new URL(route.request().url()).pathname.slice(BARE_PATH.length) || 'index.html';
    if (name === 'snapshot.json') return route.fulfill({ body: snapshot, contentType: TYPES['.json'] });
    const file = path.join(bundleDir, path.basename(name));
    if (!fs.existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ body: fs.readFileSync(file), contentType: TYPES[path.extname(file)] ?? 'application/octet-stream' });
  });
}

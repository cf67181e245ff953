// Builds the Next.js app when the sources changed since the last build (or it never built).
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const SOURCE_ROOTS = ['app', 'components', 'canvas', 'lib', 'server', 'public', 'types'];
const SOURCE_FILES = ['next.config.js', 'package-lock.json', 'tsconfig.json'];

function listFiles(root) {
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.parentPath.includes(`server${path.sep}db${path.sep}generated`))
    .map((e) => path.join(e.parentPath, e.name));
}

/** A fingerprint of every source file's path, size and modification time. */
function fingerprint() {
  const hash = crypto.createHash('sha256');
  const files = [...SOURCE_ROOTS.flatMap(listFiles), ...SOURCE_FILES.filter((f) => fs.existsSync(f))].sort();
  for (const file of files) {
    const stat = fs.statSync(file);
    hash.update(`${file}:${stat.size}:${stat.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

/** Runs `next build` into `distDir` unless that build is already up to date. */
export function buildIfNeeded(distDir = process.env.NEXT_DIST_DIR || '.next') {
  const stampFile = path.join(distDir, 'together-board-fingerprint');
  const current = fingerprint();
  const built = fs.existsSync(path.join(distDir, 'BUILD_ID')) && fs.existsSync(stampFile)
    ? fs.readFileSync(stampFile, 'utf8')
    : '';
  if (built === current) return;
  console.log('Building Together Board (first start or changed sources: about a minute)...');
  execFileSync(path.resolve('node_modules/.bin/next'), ['build'], {
    stdio: 'inherit',
    env: { ...process.env, NEXT_DIST_DIR: distDir, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  });
  fs.writeFileSync(stampFile, current);
}

#!/usr/bin/env node
// Copies tldraw's icons, fonts and translations into public/tldraw so the app serves them
// itself: a board page must make no request to any other host (venue Wi-Fi, hospital proxies).
import fs from 'node:fs';
import path from 'node:path';

const source = path.resolve('node_modules/@tldraw/assets');
const target = path.resolve('public/tldraw');
for (const folder of ['fonts', 'icons', 'translations', 'embed-icons']) {
  fs.cpSync(path.join(source, folder), path.join(target, folder), { recursive: true });
}
console.log('tldraw assets copied to public/tldraw');

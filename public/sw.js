/**
 * Together Board's service worker: lets a board that was opened on this device open again with
 * no network at all (a reload on venue Wi-Fi that has dropped). The board's content comes from
 * this device's IndexedDB copy; this worker only keeps the app shell needed to show it:
 * - the HTML of board pages already opened (/boards/<id>),
 * - Next's build files (/_next/static/...), tldraw's icons, fonts and translations (/tldraw/...).
 * Always network first, so an online person always gets the current app; the copy is used only
 * when the network fails. API responses (tokens, events, exports) are never touched or kept.
 * Registered by canvas/ServiceWorkerRegistration.tsx, in production builds only.
 */
/* global self, caches */

const CACHE = 'together-board-shell-v1';
const BOARD_PAGE = /^\/boards\/[^/]+$/;
const SHELL_FILE = /^\/(_next\/static|tldraw)\//;
const IMMUTABLE = /^\/_next\/static\//;

self.addEventListener('install', () => {
  // Nothing to precache: the build's file names are only known to the pages that use them.
  void self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      // Take charge of the board page that registered us, so its next reload works offline.
      await self.clients.claim();
    })(),
  );
});

/** Which requests the worker keeps a copy of; everything else goes to the network untouched. */
function kind(request) {
  if (request.method !== 'GET') return null;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return null;
  if (request.mode === 'navigate' && BOARD_PAGE.test(url.pathname)) return 'page';
  if (request.mode !== 'navigate' && SHELL_FILE.test(url.pathname)) return 'file';
  return null;
}

/** Only complete, successful answers of our own are kept (never a redirect to sign-in, an error or a partial file). */
function worthKeeping(response) {
  return response.ok && response.status === 200 && response.type === 'basic' && !response.redirected;
}

async function networkFirst(event, what) {
  const { request } = event;
  // Pages are kept without their query (?_rsc=...), so one copy per board.
  const key = what === 'page' ? new URL(request.url).pathname : request;
  try {
    const response = await fetch(request);
    if (worthKeeping(response)) {
      // Kept after answering: the page never waits for the copy to be written.
      const copy = response.clone();
      event.waitUntil(keep(key, copy, IMMUTABLE.test(new URL(request.url).pathname)));
    }
    return response;
  } catch (error) {
    // Next's answers vary by its own request headers; a page or file of ours is the same either way.
    const kept = await (await caches.open(CACHE)).match(key, { ignoreVary: true });
    if (kept) return kept;
    throw error;
  }
}

/** Writes a copy; Next's build files never change under the same name, so one copy is enough. */
async function keep(key, response, immutable) {
  const cache = await caches.open(CACHE);
  if (immutable && (await cache.match(key))) return;
  await cache.put(key, response);
}

self.addEventListener('fetch', (event) => {
  const what = kind(event.request);
  if (what) event.respondWith(networkFirst(event, what));
});

/**
 * A board page opened before this worker was in charge tells it what it loaded (its own
 * address and its files), so that page too opens offline next time.
 */
self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'keep-shell' || !Array.isArray(data.urls)) return;
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      for (const value of data.urls) {
        if (typeof value !== 'string') continue;
        const url = new URL(value, self.location.origin);
        if (url.origin !== self.location.origin) continue;
        const isPage = BOARD_PAGE.test(url.pathname);
        if (!isPage && !SHELL_FILE.test(url.pathname)) continue;
        const key = isPage ? url.pathname : url.href;
        if (await cache.match(key, { ignoreVary: true })) continue;
        try {
          const response = await fetch(url.href, { credentials: 'same-origin' });
          if (worthKeeping(response)) await cache.put(key, response);
        } catch {
          // Offline already: the next visit keeps it.
        }
      }
      event.source?.postMessage({ type: 'shell-kept' });
    })(),
  );
});

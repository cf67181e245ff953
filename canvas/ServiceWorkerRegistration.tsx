'use client';
/**
 * Registers the service worker (public/sw.js) that lets a board opened on this device open
 * again with no network. Production builds only: in development it would serve stale code.
 */
import { useEffect } from 'react';

/** Set on <html> once this board's page and files are kept for offline use (tests wait for it). */
export const OFFLINE_READY_ATTRIBUTE = 'data-offline-ready';

/** This page's own address and the app files it loaded, for the worker to keep. */
function loadedShellUrls(): string[] {
  const files = performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((name) => name.startsWith(window.location.origin));
  return [window.location.href, ...files];
}

/** Keeps this board page usable offline once `ready` (the canvas has loaded its files). Renders nothing. */
export function ServiceWorkerRegistration({ ready }: { ready: boolean }) {
  useEffect(() => {
    if (!ready || !('serviceWorker' in navigator)) return;
    if (process.env.NODE_ENV !== 'production') {
      // A worker left by a production run on this address would serve old files in development.
      void navigator.serviceWorker.getRegistrations().then((all) => all.forEach((r) => void r.unregister()));
      return;
    }
    let active = true;
    const onMessage = (event: MessageEvent<unknown>) => {
      const data = event.data as { type?: unknown } | null;
      if (active && data?.type === 'shell-kept') document.documentElement.setAttribute(OFFLINE_READY_ATTRIBUTE, 'true');
    };
    navigator.serviceWorker.addEventListener('message', onMessage);
    void (async () => {
      try {
        await navigator.serviceWorker.register('/sw.js', { scope: '/' });
        const registration = await navigator.serviceWorker.ready;
        // Files this page loaded before the worker was in charge are not in its copy yet.
        if (active) registration.active?.postMessage({ type: 'keep-shell', urls: loadedShellUrls() });
      } catch {
        // Without a worker the board still works online and from this device's copy; only a
        // reload with no network at all shows the browser's offline page.
      }
    })();
    return () => {
      active = false;
      navigator.serviceWorker.removeEventListener('message', onMessage);
    };
  }, [ready]);
  return null;
}

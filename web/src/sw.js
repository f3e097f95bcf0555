// Offline use: on install, cache every file of the site (the build lists them in
// files.json); then answer every request from the cache, falling back to the network.
// A new build has a new version, so its files replace the old ones.
const VERSION = '__VERSION__';
const CACHE = `lc3-playground-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const files = await (await fetch('files.json', { cache: 'no-cache' })).json();
    const cache = await caches.open(CACHE);
    await cache.addAll(files.map((f) => new Request(f, { cache: 'no-cache' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== location.origin) return;
  event.respondWith((async () => {
    const hit = await (await caches.open(CACHE)).match(request, { ignoreSearch: true });
    return hit || fetch(request);
  })());
});

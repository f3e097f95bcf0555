// Offline use.  Every file of the site is kept in a cache named for the build, and every
// request is answered from it first.  The first visit downloads each file once: the page
// lets this worker take control before the VM fetches Python, each response is kept as it
// passes, and once the VM is ready the page asks for the few files still missing.  A new
// build (a new version) fetches its files whole while the old one keeps serving.
const VERSION = '__VERSION__';
const CACHE = `lc3-playground-${VERSION}`;
const OWN = ['sw.js'];                       // never cached: the browser checks it for updates

const siteFiles = async () => (await fetch('files.json', { cache: 'no-cache' })).json();

// The cache's key for a URL: the path alone (the page's ?embed=1 is the same file).
const keyOf = (url) => {
  const u = new URL(url);
  return u.origin + u.pathname;
};

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    const update = names.some((n) => n.startsWith('lc3-playground-') && n !== CACHE);
    if (update) {
      const cache = await caches.open(CACHE);
      await cache.addAll((await siteFiles()).map((f) => new Request(f, { cache: 'no-cache' })));
    }
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

// The page asks, once the VM is ready: fetch what has not passed through yet.
self.addEventListener('message', (event) => {
  if (!event.data || event.data.type !== 'complete') return;
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    for (const file of await siteFiles()) {
      const url = keyOf(new URL(file, self.registration.scope));
      if (!(await cache.match(url))) await cache.add(url);
    }
    event.source?.postMessage({ type: 'offline-ready' });
  })().catch((error) => event.source?.postMessage({ type: 'offline-failed', message: String(error) })));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== location.origin) return;
  if (OWN.some((f) => url.pathname.endsWith(`/${f}`)) || request.headers.has('range')) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(keyOf(request.url));
    if (hit) return hit;
    const response = await fetch(request);
    if (response.status === 200 && response.type === 'basic') {
      event.waitUntil(cache.put(keyOf(request.url), response.clone()));   // kept as it passes
    }
    return response;
  })());
});

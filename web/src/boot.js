// Start the VM as early as possible: Pyodide takes seconds to load, and the page's code can
// load alongside.  On a first visit the service worker takes the page first, so that all
// of Python passes through it once and is kept for offline use, rather than being fetched a
// second time.  Messages that arrive before the page listens are kept for it.  (A file of
// its own, as the page's Content-Security-Policy allows no inline script.)
// Where the page's start-up goes (milliseconds since navigation), for bench/bench_page.py.
window.startupMarks = { boot: Math.round(performance.now()) };
window.vmWorkerReady = new Promise((resolve) => {
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    window.startupMarks.worker = Math.round(performance.now());
    const worker = new Worker('worker.js', { type: 'module' });
    worker.early = [];
    worker.onmessage = (event) => worker.early.push(event.data);
    worker.onerror = (event) =>
      worker.early.push({ type: 'fatal', message: event.message || 'the VM failed to start' });
    resolve(worker);
  };
  const sw = navigator.serviceWorker;
  if (!sw || location.protocol === 'file:') { start(); return; }
  const registered = sw.register('sw.js');
  if (sw.controller) { start(); return; }
  sw.addEventListener('controllerchange', start);
  registered.catch(start);
  setTimeout(start, 3000);              // never wait long for it: the page works online
});

// Start the VM first: Pyodide takes seconds to load, and the page's code can load alongside.
// Messages that arrive before the page is listening are kept for it.  (A file of its own,
// as the page's Content-Security-Policy allows no inline script.)
window.vmWorker = new Worker('worker.js', { type: 'module' });
window.vmWorker.early = [];
window.vmWorker.onmessage = (event) => window.vmWorker.early.push(event.data);
window.vmWorker.onerror = (event) =>
  window.vmWorker.early.push({ type: 'fatal', message: event.message || 'the VM failed to start' });

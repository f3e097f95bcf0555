// The VM's home: a module worker that loads Pyodide and vmcore, then hands every message
// from the page to vmcore.protocol and posts the replies back.  It knows the protocol's
// shape (documented in vmcore/protocol.py) and nothing of the page.
import { loadPyodide } from './pyodide/pyodide.mjs';

const SLOW_TICK_MS = 16;     // a slow speed runs its share of instructions this often
const FAST_SLICE_S = 0.02;   // at full speed, each slice runs this long, then messages are read

const queue = [];
let pyodide = null;
let protocol = null;
let state = 'idle';
let ips = 0;                 // 0: full speed
let lastTick = 0;
let tickPending = false;

// Set before anything is awaited, so no message from the page is missed.
self.onmessage = (event) => {
  queue.push(event.data);
  drain();
};

const wake = new MessageChannel();   // an unclamped macrotask, unlike setTimeout(0)
wake.port1.onmessage = () => tick();

function post(replies) {
  for (const reply of replies) {
    if (reply.type === 'status') state = reply.state;
    const transfer = [];
    if (reply.data instanceof Uint8Array) transfer.push(reply.data.buffer);
    if (reply.obj instanceof Uint8Array) transfer.push(reply.obj.buffer);
    for (const row of reply.rows || []) transfer.push(row.words.buffer);
    self.postMessage(reply, transfer);
  }
}

function toJs(proxy) {
  const value = proxy.toJs({ dict_converter: Object.fromEntries, create_pyproxies: false });
  proxy.destroy();
  return value;
}

// Page messages are plain JSON values.  Fields that are null are left out, since Pyodide
// would hand Python its own jsnull rather than None; the protocol's defaults apply instead.
const withoutNulls = (message) => JSON.parse(JSON.stringify(message, (k, v) => (v === null ? undefined : v)));

function call(message) {
  const py = pyodide.toPy(withoutNulls(message));
  try {
    return toJs(protocol.handle(py));
  } finally {
    if (py && py.destroy) py.destroy();
  }
}

function drain() {
  if (!protocol) return;
  while (queue.length) {
    const message = queue.shift();
    if (message.type === 'speed') ips = message.ips;
    if (message.type === 'run' || message.type === 'key') lastTick = performance.now();
    post(call(message));
  }
  schedule();
}

function schedule() {
  if (state !== 'running' || tickPending) return;
  tickPending = true;
  if (ips) setTimeout(tick, SLOW_TICK_MS);
  else wake.port2.postMessage(null);
}

function tick() {
  tickPending = false;
  if (queue.length) { drain(); return; }
  if (state !== 'running') return;
  const now = performance.now();
  const elapsed = (now - lastTick) / 1000;
  lastTick = now;
  post(call({ type: 'tick', seconds: ips ? elapsed : FAST_SLICE_S }));
  schedule();
}

const progress = (step, message) => self.postMessage({ type: 'progress', step, message });

// Python starts once its WebAssembly has all arrived: Pyodide's fetch of it is watched to
// its last byte (the browser compiles it as it streams in, then Python starts).
const realFetch = self.fetch.bind(self);
self.fetch = async (resource, init) => {
  const response = await realFetch(resource, init);
  if (!String(resource.url || resource).endsWith('pyodide.asm.wasm') || !response.body) return response;
  const watched = response.body.pipeThrough(new TransformStream({
    flush() { progress(2, 'Starting Python'); },
  }));
  return new Response(watched, { status: response.status, statusText: response.statusText,
    headers: response.headers });
};

async function start() {
  const base = new URL('./pyodide/', import.meta.url).href;
  progress(1, 'Downloading the Python runtime');
  pyodide = await loadPyodide({ indexURL: base, lockFileURL: base + 'pyodide-lock.json' });
  progress(3, 'Loading vmcore');
  await pyodide.loadPackage('vmcore', { messageCallback: () => {} });
  protocol = pyodide.pyimport('vmcore.protocol').Protocol();
  post(toJs(protocol.ready()));
  protocol.warm();
  drain();
}

start().catch((error) => {
  self.postMessage({ type: 'fatal', message: String((error && error.message) || error) });
});

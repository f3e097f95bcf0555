// The VM's home: a module worker that loads Pyodide and vmcore, then hands every message
// from the page to vmcore.protocol and posts the replies back.  It knows the protocol's
// shape (documented in vmcore/protocol.py) and nothing of the page.
import { loadPyodide } from 'pyodide';        // (bundled: one request fewer before anything starts)

const SLOW_TICK_MS = 16;     // a slow speed runs its share of instructions this often
const FAST_SLICE_S = 0.02;   // at full speed, each slice runs this long, then messages are read
const DRAWING_SLICE_S = 0.008;  // ... or this long while the program draws: under a frame's time
const DRAWING_FOR_MS = 500;  // a program drew this recently: it is drawing

const queue = [];
let pyodide = null;
let protocol = null;
let state = 'idle';
let ips = 0;                 // 0: full speed
let lastTick = 0;
let tickPending = false;

// Set before anything is awaited, so no message from the page is missed.
self.onmessage = (event) => {
  if (event.data && event.data.type === 'frame') { frameShown(); return; }
  queue.push(event.data);
  drain();
};

// Display frames.  While a program runs, the rows it changes are gathered here and sent as
// one frame when the page has drawn the last one (it says 'frame' at its next animation
// frame): a frame the screen could never show is never sent, and each is one transferred
// buffer.  Whenever the program is not running, what changed is sent at once.
const ROW_BYTES = 128 * 2;
const screen = new Uint8Array(124 * ROW_BYTES);   // the rows as last reported, RGB555
let dirtyFirst = Infinity;
let dirtyEnd = -1;                                // rows [dirtyFirst, dirtyEnd) are unsent
let frameInFlight = false;
let lastDrawn = -Infinity;

function gather(rows) {
  let drawn = false;
  for (const { first, count, words } of rows) {
    screen.set(words, first * ROW_BYTES);
    dirtyFirst = Math.min(dirtyFirst, first);
    dirtyEnd = Math.max(dirtyEnd, first + count);
    drawn = drawn || words.some((b) => b !== 0);
  }
  // (A boot's clearing of video memory is no drawing: a console program keeps long slices.)
  if (drawn) lastDrawn = performance.now();
}

function sendFrame() {
  if (dirtyEnd < 0) return;
  const words = screen.slice(dirtyFirst * ROW_BYTES, dirtyEnd * ROW_BYTES);
  const frame = { type: 'display', rows: [{ first: dirtyFirst, count: dirtyEnd - dirtyFirst, words }] };
  dirtyFirst = Infinity;
  dirtyEnd = -1;
  frameInFlight = true;
  self.postMessage(frame, [words.buffer]);
}

function frameShown() {
  frameInFlight = false;
  if (state === 'running') sendFrame();
}

// A new machine: rows the old one left unsent are dropped (the page clears its display).
const RESTARTS = new Set(['load', 'load_obj', 'check_debug', 'reset']);
function restarting(message) {
  if (RESTARTS.has(message.type) || (message.type === 'debug' && message.action === 'start')) {
    dirtyFirst = Infinity;
    dirtyEnd = -1;
  }
}

const wake = new MessageChannel();   // an unclamped macrotask, unlike setTimeout(0)
wake.port1.onmessage = () => tick();

let keyboardRead = false;
function post(replies) {
  let now = false;
  for (const reply of replies) {
    if (reply.type === 'display') gather(reply.rows);
    if (reply.type === 'status') {
      state = reply.state;
      now = reply.keyboard && !keyboardRead;
      keyboardRead = Boolean(reply.keyboard);
    }
  }
  // The frame goes first, so that the page has the pixels when it hears of a stop, or
  // that the program reads the keyboard (the display then takes the keys).
  if (state !== 'running' || now || !frameInFlight) sendFrame();
  for (const reply of replies) {
    if (reply.type === 'display') continue;
    const transfer = [];
    if (reply.data instanceof Uint8Array) transfer.push(reply.data.buffer);
    if (reply.obj instanceof Uint8Array) transfer.push(reply.obj.buffer);
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
  const touching = queue.find((message) => !STATELESS.has(message.type));
  if (touching) endWarmUp(touching.type);
  while (queue.length) {
    const message = queue.shift();
    if (message.type === 'speed') ips = message.ips;
    if (message.type === 'run' || message.type === 'key') lastTick = performance.now();
    restarting(message);
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
  const slice = now - lastDrawn < DRAWING_FOR_MS ? DRAWING_SLICE_S : FAST_SLICE_S;
  const replies = call({ type: 'tick', seconds: ips ? elapsed : slice });
  const ran = performance.now();
  post(replies);
  schedule();
  const done = performance.now();
  ticks.count++;
  ticks.python += ran - now;
  ticks.worker += done - ran;
  if (ticks.last) ticks.between += now - ticks.last;
  ticks.last = done;
}
// Where running time goes, for bench/bench_page.py: milliseconds in Python's slices, in
// the worker around them, and between ticks (the event loop, other messages).
const ticks = self.ticks = { count: 0, python: 0, worker: 0, between: 0, last: 0 };

const progress = (step, message) => self.postMessage({ type: 'progress', step, message });

// Where start-up goes, for bench/bench_page.py and the tests: milliseconds since the worker
// began, and which way Python started ('snapshot', or 'fresh' and why).
self.startup = { marks: {}, path: null, reason: null, version: null, origin: performance.timeOrigin };
// Resolves once a first start has stored its snapshot: true, or false when it was not.
let snapshotSaved;
self.snapshotSaved = new Promise((resolve) => { snapshotSaved = resolve; });
const mark = (name) => { self.startup.marks[name] = Math.round(performance.now()); };
mark('worker');

// Pyodide's WebAssembly (9.6 MB) is fetched and compiled from the worker's first moment,
// alongside Pyodide's JavaScript, the snapshot and the standard library, rather than once
// that JavaScript has loaded.  It is compiled with compileStreaming straight from the
// fetched Response, which lets Chromium keep the compiled code with the cached file (a
// wrapped or copied Response loses that).  Pyodide then instantiates this module: its own
// fetch of the file is answered with an empty response it never reads.
const WASM_URL = new URL('./pyodide/pyodide.asm.wasm', import.meta.url).href;
const fetchFromNetwork = self.fetch.bind(self);
const wasmModule = fetchFromNetwork(WASM_URL).then((response) => {
  if (!response.ok) throw new Error(`Python could not be fetched (${response.status})`);
  mark('wasm fetch');
  // (A host that does not serve .wasm as application/wasm gets the slower way.)
  const streaming = response.headers.get('content-type') === 'application/wasm';
  return streaming ? WebAssembly.compileStreaming(response)
    : response.arrayBuffer().then((bytes) => WebAssembly.compile(bytes));
}).then((module) => { mark('wasm compiled'); return module; });
wasmModule.catch(() => {});          // (reported where it is awaited)
self.fetch = (resource, init) => (String(resource) === WASM_URL
  ? Promise.resolve(new Response(null)) : fetchFromNetwork(resource, init));
WebAssembly.instantiateStreaming = async (source, imports) => {
  const module = await wasmModule;
  const instance = await WebAssembly.instantiate(module, imports);
  mark('wasm instantiated');
  progress(2, 'Starting Python');
  return { module, instance };
};

// A return visit restores a memory snapshot of a ready interpreter (vmcore imported, the
// protocol made) instead of starting Python and importing.  It is kept in the origin's
// private file system, which a worker reads without queueing behind the service worker's
// cache (busy serving Python's files just then), in a file named for the build: a new build
// never restores an old snapshot, and deletes the old one once it has written its own.  Any
// failure falls back to a normal start.
const VERSION = '__VERSION__';                 // written in by build.sh
const SNAPSHOT_FILE = `ready-${VERSION}.snapshot`;
self.startup.version = VERSION;
const folder = () => navigator.storage.getDirectory();
const snapshots = VERSION.startsWith('__') || !navigator.storage?.getDirectory ? null : {
  async find() {           // a File, or null
    try {
      return await (await (await folder()).getFileHandle(SNAPSHOT_FILE)).getFile();
    } catch (error) {
      if (error.name === 'NotFoundError') return null;
      throw error;
    }
  },
  async write(bytes) {
    const dir = await folder();
    const file = await (await dir.getFileHandle(SNAPSHOT_FILE, { create: true })).createWritable();
    await file.write(sparse(bytes));
    await file.close();
    for await (const name of dir.keys()) {
      if (name.startsWith('ready-') && name !== SNAPSHOT_FILE) await dir.removeEntry(name);
    }
  },
  async drop() { await (await folder()).removeEntry(SNAPSHOT_FILE); },
};

// Nearly half of a snapshot's pages are zeros: it is stored without them, which halves
// what a return visit reads.  Layout: total length and page count (two little-endian
// 32-bit words), one byte per page (1: kept), then the kept pages in order.
const PAGE = 65536;
function sparse(bytes) {
  const pages = Math.ceil(bytes.length / PAGE);
  const kept = new Uint8Array(pages);
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
  let size = 0;
  for (let p = 0; p < pages; p++) {
    const end = Math.min(words.length, (p + 1) * (PAGE >> 2));
    let i = p * (PAGE >> 2);
    while (i < end && words[i] === 0) i++;
    if (i < end || (p + 1) * PAGE > words.length * 4) {   // (the tail is always kept)
      kept[p] = 1;
      size += Math.min(PAGE, bytes.length - p * PAGE);
    }
  }
  const out = new Uint8Array(8 + pages + size);
  new DataView(out.buffer).setUint32(0, bytes.length, true);
  new DataView(out.buffer).setUint32(4, pages, true);
  out.set(kept, 8);
  let at = 8 + pages;
  for (let p = 0; p < pages; p++) {
    if (!kept[p]) continue;
    const page = bytes.subarray(p * PAGE, (p + 1) * PAGE);
    out.set(page, at);
    at += page.length;
  }
  return out;
}
function dense(buffer) {
  const view = new DataView(buffer);
  const length = view.getUint32(0, true), pages = view.getUint32(4, true);
  const kept = new Uint8Array(buffer, 8, pages);
  const out = new Uint8Array(length);
  let at = 8 + pages;
  for (let p = 0; p < pages; p++) {
    if (!kept[p]) continue;
    const size = Math.min(PAGE, length - p * PAGE);
    out.set(new Uint8Array(buffer, at, size), p * PAGE);
    at += size;
  }
  if (at !== buffer.byteLength) throw new Error('the snapshot is damaged');
  return out;
}

// vmcore is imported straight from a zip of its bytecode (web/pycompile.mjs), fetched from
// the worker's start.  The file is written before Python starts, on a fresh start and after
// a restore alike: a restored interpreter then imports what it has not imported yet from the
// same zip, as a fresh one does.
const VMCORE_ZIP = '/lib/vmcore.zip';
const vmcoreZip = fetch(new URL('./pyodide/vmcore.zip', import.meta.url)).then((response) => {
  if (!response.ok) throw new Error(`vmcore could not be fetched (${response.status})`);
  return response.arrayBuffer();
});
vmcoreZip.catch(() => {});          // (reported where it is awaited)

// The Python that runs once, both for a fresh start and before a snapshot is taken: the
// protocol made and kept in a global the restored interpreter hands back.  Its machine is
// built after 'ready', while the user reads the page, as it is after a restore.
const PREPARE = `
import sys
sys.path.insert(0, '${VMCORE_ZIP}')
import vmcore.protocol
lc3_protocol = vmcore.protocol.Protocol()
`;

// Pyodide's JavaScript (1.2 MB) is fetched and compiled at once, alongside the lock file
// and the snapshot, rather than after them.  Its lock file (pyodide/pyodide-lock.json, from
// the build) lists no package: nothing is loaded through its package manager.
function options(base, more) {
  const asm = import(base + 'pyodide.asm.mjs').then((m) => { mark('pyodide script'); return m; });
  return { indexURL: base, lockFileURL: base + 'pyodide-lock.json',
    fsInit: async (FS) => FS.writeFile(VMCORE_ZIP, new Uint8Array(await vmcoreZip)),
    createPyodideModule: async (settings) => {
      // (Marks for bench/bench_page.py: the runtime set up, and Python's main() done.)
      settings.preRun = [() => mark('runtime set up'), ...settings.preRun];
      settings.postRun = [() => mark('interpreter initialised')];
      return (await asm).default(settings);
    }, ...more };
}

async function startFresh(base) {
  pyodide = await loadPyodide(options(base, { _makeSnapshot: Boolean(snapshots) }));
  mark('python started');
  progress(3, 'Loading vmcore');
  await vmcoreZip;
  pyodide.runPython(PREPARE);
  mark('vmcore imported');
}

function takeSnapshot() {
  try {
    const bytes = pyodide.makeMemorySnapshot();
    mark('snapshot taken');
    // Stored once the page has had its reply to what it asked meanwhile.
    setTimeout(() => snapshots.write(bytes).then(() => {
      mark('snapshot stored');
      snapshotSaved(true);
    }, (error) => {
      self.startup.reason = `the snapshot was not stored: ${error.message || error}`;
      snapshotSaved(false);
    }), 0);
  } catch (error) {
    self.startup.reason = `no snapshot: ${error.message || error}`;
    snapshotSaved(false);
  }
}

async function startFromSnapshot(base) {
  const started = options(base);                   // Pyodide's script loads meanwhile
  const hit = await snapshots.find();         // (a File)
  mark('snapshot found');
  if (!hit) { self.startup.reason = 'no snapshot yet'; return false; }
  try {
    pyodide = await loadPyodide({ ...started, _loadSnapshot: hit.arrayBuffer().then((stored) => {
      mark('snapshot read');
      self.startup.snapshotBytes = stored.byteLength;
      const bytes = dense(stored);
      mark('snapshot unpacked');
      return bytes;
    }) });
    mark('python started');
    if (!pyodide.globals.has('lc3_protocol')) throw new Error('the snapshot has no protocol');
    return true;
  } catch (error) {
    self.startup.reason = `the snapshot failed: ${error.message || error}`;
    pyodide = null;
    await snapshots.drop().catch(() => {});
    return false;
  }
}

async function start() {
  const base = new URL('./pyodide/', import.meta.url).href;
  progress(1, 'Downloading the Python runtime');
  let restored = false;
  if (snapshots) restored = await startFromSnapshot(base).catch(() => false);
  else self.startup.reason = 'snapshots unavailable';
  self.startup.path = restored ? 'snapshot' : 'fresh';
  if (restored || !snapshots) snapshotSaved(false);
  if (!restored) await startFresh(base);
  protocol = pyodide.globals.get('lc3_protocol');
  post(toJs(protocol.ready()));
  mark('ready');
  // The snapshot is taken once the page has heard 'ready', before any message is handled:
  // it holds the interpreter exactly as a restore must find it.
  if (!restored && snapshots) takeSnapshot();
  protocol.warm();
  mark('machine built');
  drain();
  warmUp();
}

// V8 runs Pyodide's WebAssembly unoptimised at first, then optimises it for the calls it has
// seen, and drops back to the slow code for a while whenever a new kind of call comes: a
// first Run went at half speed.  So once 'ready' is said, the worker runs a program of its
// own (Protocol.WARM_UP) through the protocol, as the page would, in short ticks, dropping
// the replies; then the protocol forgets it.  A page message that touches the machine ends
// the warm-up before it is handled, so the page never sees it.
const WARM_TICKS = 40;
const STATELESS = new Set(['assemble', 'exercise']);
// (For the tests: ticks run, and what ended it: 'done', or the type of the page's message.)
const warming = self.startup.warmUp = { ticks: 0, ended: null };
function warmUp() {
  if (warming.ended) return;
  if (warming.ticks === 0) {
    call({ type: 'load', source: protocol.WARM_UP });
    call({ type: 'run' });
  }
  if (warming.ticks === WARM_TICKS) { endWarmUp('done'); return; }
  call({ type: 'tick', seconds: FAST_SLICE_S });
  warming.ticks++;
  setTimeout(warmUp, 0);
}
function endWarmUp(why) {
  if (warming.ended) return;
  warming.ended = why;
  if (!warming.ticks) return;
  protocol.forget();                 // (a new session: the warm-up's goes, running or not)
  mark('warmed up');
}

start().catch((error) => {
  snapshotSaved(false);
  self.postMessage({ type: 'fatal', message: String((error && error.message) || error) });
});

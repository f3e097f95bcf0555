// The playground page: wires the editor, console, display and files to the VM worker.
import '@xterm/xterm/css/xterm.css';
import './app.css';
import { VMClient } from './vm-client.js';
import { createEditor } from './editor.js';
import { createConsole } from './console.js';
import { createDisplay } from './display.js';
import { acceptFiles, download } from './files.js';
import { createStatus } from './status.js';
import { createDebuggerPanel } from './debugger-panel.js';
import { EXAMPLES } from './examples.js';
import { encodeState, decodeFragment, drafts } from './share.js';

const HELLO = `; Hello, world! on the LC-3.
; Press Run (or Ctrl+Enter) to assemble and run it.
        .ORIG x3000
        LEA R0, MESSAGE     ; R0 = address of the string
        PUTS                ; print it
        HALT                ; stop the machine
MESSAGE .STRINGZ "Hello, world!\\n"
        .END
`;

const $ = (selector) => document.querySelector(selector);
// index.html starts the worker before this bundle loads, so Pyodide starts sooner.
const client = new VMClient(window.vmWorker || new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }));
const status = createStatus($('#status'));
let objectProgram = null;        // {name, bytes, sym} when an .obj file is what runs
let sourceName = 'program.asm';
let loadedSource = null;         // the source the VM has assembled, if it is the editor's
let vmState = 'loading';

let saveTimer = 0;
let checkTimer = 0;
const CHECK_DELAY_MS = 400;      // errors are shown once the typing pauses this long
const editor = createEditor($('#editor'), {
  text: drafts.load() ?? HELLO,
  onRun: () => run(),
  onChange: (text) => {
    if (objectProgram) useSource();
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => drafts.save(text), 300);     // the work is kept as typed
    clearTimeout(checkTimer);
    checkTimer = setTimeout(() => checkAsTyped(), CHECK_DELAY_MS);
  },
  onBreakpoints: (lines) => client.send({ type: 'breakpoints', lines }),
});
// Whatever was typed in the last moment before leaving is kept too.
window.addEventListener('pagehide', () => drafts.save(editor.text()));
const panel = createDebuggerPanel($('#debugger'), {
  onAction: (action) => debug(action),
  onSet: (target, value) => client.send({ type: 'set', target, value }),
  onMemory: (where) => client.send({ type: 'inspect', memory: where, count: 64 }),
  onWatch: (where) => client.send({ type: 'watch', address: where, count: 1 }),
});
const terminal = createConsole($('#console'), { onKey: (text) => client.key(text) });
const display = createDisplay($('#display'), { onKey: (text) => client.key(text) });

function settings() {
  return { edition: Number($('#edition').value), access_control: $('#access-control').checked };
}

function useSource() {
  objectProgram = null;
  $('#program-name').textContent = sourceName;
}

// Assemble (or load the object file) afresh; resolves to whether it worked.
async function load() {
  terminal.clear();
  display.clear();
  status.show({ state: 'assembling', message: objectProgram ? 'Loading…' : 'Assembling…' });
  const source = editor.text();
  const reply = objectProgram
    ? await client.loadObject(objectProgram.bytes, objectProgram.sym, objectProgram.name, settings())
    : await client.load(source, sourceName, settings());
  editor.showDiagnostics(reply.diagnostics);
  loadedSource = reply.ok && !objectProgram ? source : null;
  return reply.ok;                  // if not, the status that follows says what is wrong
}

// The assembler's errors while the user types, from the worker (the page never assembles).
async function checkAsTyped() {
  if (vmState === 'loading' || objectProgram) return;
  const text = editor.text();
  const reply = await client.check(text);
  if (editor.text() === text) editor.showDiagnostics(reply.diagnostics);
}

async function run() {
  if (await load()) client.send({ type: 'run', input: scriptedInput() });
}

// The Input field's keys, with \n (and \t) written as escapes.
function scriptedInput() {
  return $('#input').value.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
}

const upToDate = () => (objectProgram ? loadedSource === null && vmState !== 'error'
  : loadedSource === editor.text());

// Debugger buttons: with nothing (or an outdated program) loaded, load it first and pause
// at its first instruction, or run it for Continue.
async function debug(action) {
  if (!upToDate() || vmState === 'loading') {
    if (action === 'back' || action === 'reverse') return;
    if (!(await load())) return;
    if (action === 'continue') client.send({ type: 'run', input: scriptedInput() });
    else client.send({ type: 'debug', action: 'start' });
    return;
  }
  client.send({ type: 'debug', action });
}

client.on('progress', (m) => status.show({ state: 'loading', message: m.message }));
client.on('ready', (m) => {
  editor.setVocabulary(m);
  document.body.dataset.ready = 'true';
  vmState = 'ready';
  checkAsTyped();
  status.show({ state: 'ready', message: `Ready (vmcore ${m.version})` });
});
client.on('fatal', (m) => status.show({ state: 'error', message: `The VM could not start: ${m.message}` }));
client.on('error', (m) => status.show({ state: 'error', message: m.message }));
client.on('output', (m) => terminal.write(m.data));
client.on('display', (m) => display.update(m.rows));
client.on('status', (m) => { vmState = m.state; status.show(m); });
client.on('breakpoints', (m) => editor.showBreakpoints(m.lines));
client.on('debug', (m) => {
  panel.show(m);
  if (upToDate() && !objectProgram) editor.showBreakpoints(m.breakpoint_lines);
  const paused = ['paused', 'stopped', 'input', 'error', 'idle'].includes(vmState);
  editor.showCurrentLine(paused && !objectProgram ? m.line : null);
});

$('#run').addEventListener('click', () => run());
$('#stop').addEventListener('click', () => client.stop());
// Reset boots the machine again and pauses at the program's first instruction, so that
// Step goes through the program rather than the OS's boot code.
$('#reset').addEventListener('click', async () => {
  if (!upToDate() && !(await load())) return;
  terminal.clear();
  display.clear();
  client.send({ type: 'debug', action: 'start' });
});
$('#speed').addEventListener('change', (e) => client.speed(Number(e.target.value)));

acceptFiles($('#open'), document.body, (files) => {
  const sym = files.find((f) => /\.sym$/i.test(f.name));
  const obj = files.find((f) => /\.obj$/i.test(f.name));
  const asm = files.find((f) => f.text !== null && !/\.sym$/i.test(f.name));
  if (obj) {
    objectProgram = { name: obj.name, bytes: obj.bytes, sym: sym ? sym.text : null };
    $('#program-name').textContent = `${obj.name} (object file; edit the source to switch back)`;
    status.show({ state: 'idle', message: `Opened ${obj.name}: press Run` });
  } else if (asm) {
    sourceName = asm.name;
    editor.setText(asm.text);
    useSource();
    status.show({ state: 'idle', message: `Opened ${asm.name}` });
  }
});

$('#download-asm').addEventListener('click', () => download(sourceName, editor.text(), 'text/plain'));
for (const kind of ['obj', 'sym']) {
  $(`#download-${kind}`).addEventListener('click', async () => {
    if (!objectProgram) {
      const reply = await client.load(editor.text(), sourceName, settings());
      editor.showDiagnostics(reply.diagnostics);
      if (!reply.ok) return status.show({ state: 'error', message: 'fix the errors first' });
    }
    const exported = await client.export();
    const base = exported.filename.replace(/\.[^.]*$/, '');
    if (kind === 'obj') download(`${base}.obj`, exported.obj);
    else download(`${base}.sym`, exported.sym, 'text/plain');
  });
}

// -- notices, examples, sharing ----------------------------------------------------------
function notice(text, { restore = false, link = null } = {}) {
  $('#notice-text').textContent = text;
  $('#notice-restore').hidden = !restore;
  $('#notice-link').hidden = link === null;
  if (link !== null) $('#notice-link').value = link;
  $('#notice').hidden = false;
}
$('#notice-close').addEventListener('click', () => { $('#notice').hidden = true; });
$('#notice-restore').addEventListener('click', () => {
  const kept = drafts.kept();
  if (kept === null) return;
  drafts.keep(editor.text());          // swap, so nothing is lost either way
  editor.setText(kept);
  notice('Your program is back; the one you replaced is kept too.', { restore: true });
});

// Put something else in the editor, keeping the user's own program aside.
function replaceSource(text, message) {
  const mine = editor.text();
  if (mine.trim() && mine !== text) drafts.keep(mine);
  editor.setText(text);
  useSource();
  notice(message, { restore: mine.trim() !== '' && mine !== text });
}

for (const [index, example] of EXAMPLES.entries()) {
  $('#examples').append(Object.assign(document.createElement('option'),
    { value: String(index), textContent: example.title }));
}
$('#examples').addEventListener('change', (event) => {
  const example = EXAMPLES[Number(event.target.value)];
  event.target.value = '';
  if (!example) return;
  sourceName = example.file;
  if (example.file === 'interrupts.asm') $('#edition').value = '3';
  replaceSource(example.source, `Loaded the example "${example.title}": press Run.`);
});

$('#share').addEventListener('click', async () => {
  const fragment = await encodeState({
    source: editor.text(), edition: Number($('#edition').value),
    access_control: $('#access-control').checked, input: $('#input').value,
    breakpoints: editor.breakpoints(),
  });
  history.replaceState(null, '', location.pathname + location.search + fragment);
  const link = location.href;
  try {
    await navigator.clipboard.writeText(link);
    notice(`Link copied to the clipboard (${link.length.toLocaleString('en-US')} characters).`, { link });
  } catch {
    notice('Copy this link to share the program:', { link });
  }
});

async function openSharedLink() {
  let state;
  try {
    state = await decodeFragment(location.hash);
  } catch (error) {
    notice(`This shared link could not be opened: ${error.message}. Your own program is unchanged.`);
    return;
  }
  if (!state) return;
  $('#edition').value = String(state.edition);
  $('#access-control').checked = state.access_control;
  $('#input').value = state.input;
  replaceSource(state.source, 'Opened a shared program.');
  editor.showBreakpoints(state.breakpoints);
  client.send({ type: 'breakpoints', lines: state.breakpoints });
}
window.addEventListener('hashchange', openSharedLink);
openSharedLink();

if (new URLSearchParams(location.search).get('embed') === '1') document.body.classList.add('embed');

// Offline use: the service worker keeps a copy of the whole site after the first visit.
if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  navigator.serviceWorker.register('sw.js').catch(() => { /* the page works online */ });
}

status.show({ state: 'loading', message: 'Loading the LC-3 machine…' });

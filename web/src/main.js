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
import { encodeState, encodeExercise, decodeFragment } from './share.js';
import { EXERCISES, passedExercises, recordPassed } from './exercises.js';
import { createExercisePanel } from './exercise-panel.js';
import { createProgramStore } from './programs.js';
import { createProgramsPanel } from './programs-panel.js';
import { zipPrograms, unzipPrograms } from './archive.js';
import { createObjectView } from './object-view.js';

const HELLO = `; Hello, world! on the LC-3.
; Press Run (or Ctrl+Enter) to assemble and run it.
        .ORIG x3000
        LEA R0, MESSAGE     ; R0 = address of the string
        PUTS                ; print it
        HALT                ; stop the machine
MESSAGE .STRINGZ "Hello, world!\\n"
        .END
`;

const NEW_PROGRAM = `; A new program.
        .ORIG x3000

        HALT
        .END
`;

const $ = (selector) => document.querySelector(selector);
const mark = (name) => { if (window.startupMarks) window.startupMarks[name] = Math.round(performance.now()); };
mark('app');
// boot.js starts the worker before this bundle loads, so Pyodide starts sooner.
const client = new VMClient(window.vmWorkerReady);
const status = createStatus($('#status'), $('#announcer'));
let objectProgram = null;        // {name, bytes, sym} when an .obj file is what runs
let loadedSource = null;         // the source the VM has assembled, if it is the editor's
let vmState = 'loading';
let assemblyFailed = false;      // the last load failed: no instruction count belongs to it
let keyboardSeen = false;        // the last status said the program has read the keyboard
let startedAt = 0;               // when the user last ran or stepped (performance.now())
const JUST_STARTED_MS = 2000;    // a program reading keys this soon is answering that action

// -- the user's programs -----------------------------------------------------------------
const store = createProgramStore({ onProblem: (message) => notice(message) });
if (store.current() === null) {
  store.setCurrent(store.list()[0]?.id ?? store.add('program.asm', HELLO));
}
let currentId = store.current();
const sourceName = () => store.get(currentId)?.name ?? 'program.asm';

let saveTimer = 0;
let checkTimer = 0;
const SAVE_DELAY_MS = 300;       // the work is saved this soon after the last key
const CHECK_DELAY_MS = 400;      // errors are shown once the typing pauses this long
function saveNow() {
  clearTimeout(saveTimer);
  store.save(currentId, editor.text());
}
const editor = createEditor($('#editor'), {
  text: store.get(currentId).text,
  onRun: () => run(),
  onCheck: () => checkExercise(),
  onChange: () => {
    if (objectProgram) useSource();
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveNow, SAVE_DELAY_MS);
    clearTimeout(checkTimer);
    checkTimer = setTimeout(() => checkAsTyped(), CHECK_DELAY_MS);
  },
  onBreakpoints: (lines) => client.send({ type: 'breakpoints', lines }),
});
// Whatever was typed in the last moment before leaving is kept too.
window.addEventListener('pagehide', saveNow);

// An object file shows its disassembly where the editor was, until the user goes back.
const objectView = createObjectView($('#object-view'));
function showName() {
  $('#program-name').textContent = objectProgram ? `${objectProgram.name} (object file)` : sourceName();
  $('#object-view').hidden = !objectProgram;
  $('#editor').hidden = Boolean(objectProgram);
  $('#back-to-source').hidden = !objectProgram;
}
$('#back-to-source').addEventListener('click', () => { useSource(); editor.focus(); });

// Put another program in the editor; the one there is saved first.
function openProgram(id) {
  if (!store.get(id)) return;
  saveNow();
  currentId = id;
  store.setCurrent(id);
  objectProgram = null;
  editor.setText(store.get(id).text);
  clearTimeout(saveTimer);                 // setText is not an edit to save
  showName();
  programs.draw();
}

// A program from elsewhere (an example, a link, a file) becomes a new entry, or the entry
// that already holds exactly that text; nothing is overwritten.
function openAsEntry(name, text) {
  const id = store.findText(text) ?? store.add(name, text);
  openProgram(id);
  return store.get(id).name;
}

const programs = createProgramsPanel($('#programs'), {
  store,
  onOpen: (id) => openProgram(id),
  onNew: () => {
    openProgram(store.add('program.asm', NEW_PROGRAM));
    editor.focus();
  },
  onDuplicate: (id) => { saveNow(); openProgram(store.duplicate(id)); },
  onRename: (id, name) => { store.rename(id, name); showName(); },
  onDelete: (id) => {
    saveNow();
    const removed = store.remove(id);
    if (!removed) return;
    if (id === currentId) {
      currentId = null;
      openProgram(store.list()[0]?.id ?? store.add('program.asm', NEW_PROGRAM));
    }
    programs.draw();
    notice(`Deleted ${removed.name}.`, { undo: () => {
      openProgram(store.restore(removed));
      notice(`${store.get(removed.id).name} is back.`);
    } });
  },
});
showName();
// Another tab changed the list: show it as it is now.
window.addEventListener('storage', (event) => { if (event.key?.startsWith('lc3-playground.')) programs.draw(); });
$('#programs-toggle').addEventListener('click', () => {
  const open = $('#programs').hidden;
  $('#programs').hidden = !open;
  $('#programs-toggle').setAttribute('aria-expanded', String(open));
  document.body.classList.toggle('programs-open', open);
  if (open) $('#programs [aria-current]')?.focus();
});
$('#programs-download').addEventListener('click', () => {
  saveNow();
  const all = store.list().map(({ id }) => store.get(id));
  download('lc3-programs.zip', zipPrograms(all), 'application/zip');
});
$('#programs-open-zip').addEventListener('click', () => $('#open').click());

const panel = createDebuggerPanel($('#debugger'), {
  onAction: (action) => debug(action),
  onSet: (target, value) => client.send({ type: 'set', target, value }),
  onMemory: (where) => client.send({ type: 'inspect', memory: where, count: 64 }),
  onWatch: (where) => client.send({ type: 'watch', address: where, count: 1 }),
});
// Esc in the console or the display gives the keyboard back: focus goes to Run.
const release = () => $('#run').focus();
const terminal = createConsole($('#console'), { onKey: (text) => client.key(text), onRelease: release });
const display = createDisplay($('#display'), { onKey: (text) => client.key(text), onRelease: release });

// The display takes no space until the program writes video memory (or the setting says to
// show it always); once shown it stays for that program.
let displaySource = null;        // the program that last drew on it
function showDisplay(shown) {
  const box = $('#display-box');
  if (box.hidden !== !shown) {
    box.hidden = !shown;
    document.body.classList.toggle('with-display', shown);
    display.refit();
  }
}
$('#show-display').addEventListener('change', (e) => {
  try { localStorage.setItem('lc3-playground.show-display', e.target.checked ? '1' : ''); } catch { /* */ }
  showDisplay(e.target.checked || displaySource === programKey());
});
try { $('#show-display').checked = localStorage.getItem('lc3-playground.show-display') === '1'; } catch { /* */ }
showDisplay($('#show-display').checked);
const programKey = () => (objectProgram ? objectProgram.name : editor.text());

function settings() {
  return { edition: Number($('#edition').value), access_control: $('#access-control').checked };
}

function useSource() {
  objectProgram = null;
  showName();
}

// Assemble (or load the object file) afresh; resolves to whether it worked.
async function load() {
  startedAt = performance.now();
  terminal.clear();
  display.clear();
  assemblyFailed = false;
  if (!$('#show-display').checked && displaySource !== programKey()) showDisplay(false);
  status.show({ state: 'assembling', message: objectProgram ? 'Loading…' : 'Assembling…' });
  const source = editor.text();
  const reply = objectProgram
    ? await client.loadObject(objectProgram.bytes, objectProgram.sym, objectProgram.name, settings())
    : await client.load(source, sourceName(), settings());
  editor.showDiagnostics(reply.diagnostics);
  if (reply.listing) objectView.show(reply.listing);
  loadedSource = reply.ok && !objectProgram ? source : null;
  assemblyFailed = !reply.ok;
  return reply.ok;                  // if not, the status that follows says what is wrong
}

// The assembler's errors while the user types, from the worker (the page never assembles).
async function checkAsTyped() {
  if (vmState === 'loading' || objectProgram) return;
  const text = editor.text();
  const reply = await client.assemble(text);
  if (editor.text() === text) editor.showDiagnostics(reply.diagnostics);
}

async function run() {
  if (vmState === 'loading') {          // it starts as soon as the VM is ready
    whenReady = run;
    $('#run').textContent = 'Run (starts when ready)';
    return;
  }
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
async function debug(action, line = null) {
  if (vmState === 'loading') return;
  if (!upToDate()) {
    if (action === 'back' || action === 'reverse') return;
    if (!(await load())) return;
    if (action === 'continue') client.send({ type: 'run', input: scriptedInput() });
    else if (action === 'to') client.send({ type: 'debug', action, line });
    else client.send({ type: 'debug', action: 'start' });
    return;
  }
  client.send({ type: 'debug', action, line });
}

// Loading: a progress bar through the worker's phases; Run pressed meanwhile waits for it.
const PHASES = 3;
client.on('progress', (m) => {
  const step = Math.min(m.step || 1, PHASES);
  $('#progress').value = step - 1;
  $('#progress').setAttribute('aria-valuetext', m.message);
  $('#progress-text').textContent = `${m.message} (step ${step} of ${PHASES})`;
  status.show({ state: 'loading', message: m.message });
});
let whenReady = null;            // what Run asked for before the VM was ready
client.on('ready', (m) => {
  mark('ready');
  editor.setVocabulary(m);
  document.body.dataset.ready = 'true';
  vmState = 'ready';
  $('#progress').value = PHASES;
  $('#loading').hidden = true;
  $('#run').textContent = 'Run';
  status.show({ state: 'ready', message: `vmcore ${m.version}` });
  checkAsTyped();
  completeOfflineCopy();
  if (whenReady) { const go = whenReady; whenReady = null; go(); }
});
client.on('fatal', (m) => {
  $('#loading').hidden = true;
  status.show({ state: 'error', message: `The VM could not start: ${m.message}` });
});
client.on('error', (m) => status.show({ state: 'error', message: m.message }));
client.on('output', (m) => terminal.write(m.data));
client.on('display', (m) => {
  display.update(m.rows);
  // A boot clears video memory (all rows change, all black); the program's own drawing
  // is what shows the display.
  if (m.rows.some((row) => row.words.some((b) => b !== 0))) {
    displaySource = programKey();
    showDisplay(true);
  }
});
client.on('status', (m) => {
  vmState = m.state;
  // A program that reads the keyboard gets it at once: the console or the display takes
  // focus the first time, unless the user is typing somewhere else.
  // (The flag goes back to false at every boot, so each run gets the focus once.)
  const first = m.keyboard && !keyboardSeen;
  keyboardSeen = Boolean(m.keyboard);
  // Right after Run (Ctrl+Enter from the editor too) the program gets the keys; later it
  // does not take them from someone typing elsewhere.
  if (first) {
    const active = document.activeElement;
    const typing = active && (active.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName))
      && !$('#console').contains(active);
    if (!typing || performance.now() - startedAt < JUST_STARTED_MS) {
      (displaySource === programKey() ? display : terminal).focus();
    }
  }
  status.show(assemblyFailed && m.state === 'error' ? { ...m, instructions: undefined } : m);
});
client.on('breakpoints', (m) => editor.showBreakpoints(m.lines));
client.on('debug', (m) => {
  panel.show(m);
  if (upToDate() && !objectProgram) editor.showBreakpoints(m.breakpoint_lines);
  // The current line: when stopped (after HALT, the HALT line), and at a slow speed while
  // running, where the program is at every instruction.
  const stopped = ['paused', 'stopped', 'input', 'error', 'idle', 'halted'].includes(vmState);
  const watching = m.live && Number($('#speed').value) > 0;
  if (objectProgram) objectView.markPC(stopped || watching ? m.pc : null);
  else editor.showCurrentLine(stopped || watching ? m.line : null);
});

$('#run').addEventListener('click', () => run());
$('#open-button').addEventListener('click', () => $('#open').click());
$('#run-to-cursor').addEventListener('click', () => debug('to', editor.cursorLine()));
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
  const zips = files.filter((f) => /\.zip$/i.test(f.name));
  const sources = files.filter((f) => f.text !== null && !/\.(sym|toml)$/i.test(f.name));
  for (const file of files.filter((f) => /\.toml$/i.test(f.name))) {
    openExercise(file.text, { name: file.name, file: file.name });
  }
  const opened = [];
  for (const zip of zips) {
    try {
      const inside = unzipPrograms(zip.bytes);
      for (const { name, text } of inside) opened.push(openAsEntry(name, text));
      if (!inside.length) notice(`${zip.name} holds no .asm files.`);
    } catch (error) {
      notice(`${zip.name} could not be opened: ${error.message}.`);
    }
  }
  for (const file of sources) opened.push(openAsEntry(file.name, file.text));
  if (obj) {
    objectProgram = { name: obj.name, bytes: obj.bytes, sym: sym ? sym.text : null };
    showName();
    load().then((ok) => ok && status.show({ state: 'idle', message: `Opened ${obj.name}: press Run` }));
  } else if (opened.length) {
    status.show({ state: 'idle', message: `Opened ${opened.join(', ')}` });
    if (opened.length > 1) notice(`Opened ${opened.length} programs; they are in Programs.`);
  }
});

$('#download-asm').addEventListener('click', () => download(sourceName(), editor.text(), 'text/plain'));
for (const kind of ['obj', 'sym']) {
  $(`#download-${kind}`).addEventListener('click', async () => {
    if (!objectProgram) {
      const reply = await client.load(editor.text(), sourceName(), settings());
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
function notice(text, { link = null, undo = null } = {}) {
  $('#notice-text').textContent = text;
  $('#notice-link').hidden = link === null;
  if (link !== null) $('#notice-link').value = link;
  $('#notice-undo').hidden = undo === null;
  $('#notice-undo').onclick = undo && (() => { $('#notice').hidden = true; undo(); });
  $('#notice').hidden = false;
}
$('#notice-close').addEventListener('click', () => { $('#notice').hidden = true; });

for (const [index, example] of EXAMPLES.entries()) {
  $('#examples').append(Object.assign(document.createElement('option'),
    { value: String(index), textContent: example.title }));
}
$('#examples').addEventListener('change', (event) => {
  const example = EXAMPLES[Number(event.target.value)];
  event.target.value = '';
  if (!example) return;
  if (example.file === 'interrupts.asm') $('#edition').value = '3';
  const name = openAsEntry(example.file, example.source);
  notice(`Opened the example "${example.title}" as ${name} in Programs: press Run. `
    + 'Your own programs are all kept.');
});

// -- exercises ---------------------------------------------------------------------------
// An exercise (TOML) opens from the Exercises menu, a .toml file or an exercise link: its
// statement shows beside the editor and its starter code becomes a new program.  Check runs
// its tests in the worker; Debug pauses at a failed test's start.  The Tests tab edits it.
const EXERCISE_KEY = 'lc3-playground.exercise';     // the open exercise, for the next visit
let exercise = null;             // {toml, key, info (the worker's `exercise` reply)}

// Progress is kept by a shipped exercise's file name, or by the title of any other.
function progressKey(toml, info) {
  return EXERCISES.find((e) => e.toml === toml)?.file ?? `title:${info.title}`;
}

function drawExerciseMenu() {
  const passed = passedExercises();
  const menu = $('#exercises');
  menu.replaceChildren(new Option('Exercises…', ''));
  for (const [index, e] of EXERCISES.entries()) {
    menu.append(new Option(passed.has(e.file) ? `✓ ${e.title} (passed)` : e.title, String(index)));
  }
}
drawExerciseMenu();
window.addEventListener('storage', (event) => { if (event.key === 'lc3-playground.exercises-passed') drawExerciseMenu(); });

const exercisePanel = createExercisePanel($('#exercise'), {
  onCheck: () => checkExercise(),
  onDebug: (index) => debugTest(index),
  onClose: () => closeExercise(),
});

function showExercise(toml, info) {
  exercise = { toml, info, key: progressKey(toml, info) };
  exercisePanel.show(info);
  document.body.classList.add('exercise-open');
  try { localStorage.setItem(EXERCISE_KEY, toml); } catch { /* it lasts for this visit */ }
}

function closeExercise() {
  exercise = null;
  exercisePanel.hide();
  document.body.classList.remove('exercise-open');
  try { localStorage.removeItem(EXERCISE_KEY); } catch { /* */ }
}

// Reads the exercise in the worker; with `starter`, its starter code becomes a new program.
async function openExercise(toml, { name = 'exercise.toml', file = null, starter = true } = {}) {
  const info = await client.exercise(toml);
  setTestsText(toml);
  showTestsErrors(info);
  if (!info.ok) {
    const first = info.diagnostics[0];
    notice(`${name} could not be opened: ${first ? `line ${first.line}: ${first.message}` : info.message}. `
      + 'Its text is in the Tests tab.');
    selectTab('tests');
    return;
  }
  showExercise(toml, info);
  $('#edition').value = String(info.edition);
  $('#access-control').checked = Boolean(info.access_control);
  if (!starter) return;
  selectTab('program');
  const stem = file ?? EXERCISES.find((e) => e.toml === toml)?.file
    ?? `${info.title.replace(/[^\w -]+/g, '').trim().replace(/\s+/g, '-').toLowerCase() || 'exercise'}.toml`;
  const text = info.starter.trim() ? info.starter.replace(/^\n/, '')
    : `; ${info.title}\n        .ORIG x3000\n\n        HALT\n        .END\n`;
  const program = openAsEntry(stem.replace(/\.toml$/i, '') + '.asm', text);
  notice(`Opened the exercise "${info.title}": its starter code is ${program} in Programs. `
    + 'Your own programs are all kept. Press Check to run its tests.');
}

$('#exercises').addEventListener('change', (event) => {
  const chosen = EXERCISES[Number(event.target.value)];
  event.target.value = '';
  if (chosen) openExercise(chosen.toml, { name: chosen.file, file: chosen.file });
});

async function checkExercise() {
  if (!exercise) {
    notice('Open an exercise first (the Exercises menu, or a .toml file through Open…).');
    return;
  }
  if (objectProgram) useSource();
  saveNow();
  exercisePanel.checking();
  const reply = await client.check(editor.text(), exercise.toml, sourceName());
  exercisePanel.results(reply);
  if (reply.ok && reply.tests.length && reply.score === reply.max_score
      && reply.tests.every((t) => t.passed)) {
    recordPassed(exercise.key);
    drawExerciseMenu();
  }
}
// Ctrl/Cmd+Shift+Enter checks from anywhere (the editor's own key binding handles it there).
document.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && event.shiftKey && (event.ctrlKey || event.metaKey) && !event.defaultPrevented) {
    event.preventDefault();
    checkExercise();
  }
});

// Debug a test: the worker loads the program with the test's setup and pauses at its start;
// the debugger panels and the editor's current line follow from its usual messages.
let debugSource = null;
function debugTest(index) {
  if (!exercise) return;
  if (objectProgram) useSource();
  saveNow();
  terminal.clear();
  display.clear();
  debugSource = editor.text();
  startedAt = performance.now();
  client.next('loaded').then((reply) => {
    editor.showDiagnostics(reply.diagnostics);
    if (!reply.ok) { loadedSource = null; assemblyFailed = true; }
  });
  client.send({ type: 'check_debug', source: debugSource, exercise: exercise.toml, test: index,
    filename: sourceName() });
}
// Comes before the status and debug messages of the paused test, so they show its line.
client.on('check_debug', (m) => {
  if (!m.ok) return;
  loadedSource = debugSource;
  assemblyFailed = false;
});

// The Tests tab: the exercise's TOML, read by the worker as it is typed, errors by line.
const testsText = $('#tests-text');
let testsTimer = 0;
function setTestsText(toml) { if (testsText.value !== toml) testsText.value = toml; }
function showTestsErrors(info) {
  const items = info.ok
    ? [Object.assign(document.createElement('li'), { className: 'ok',
      textContent: `No errors: ${info.tests.length} tests, ${info.max_score} points.` })]
    : (info.diagnostics.length ? info.diagnostics : [{ line: null, message: info.message }]).map((d) =>
      Object.assign(document.createElement('li'), {
        textContent: d.line ? `line ${d.line}: ${d.message}` : d.message }));
  $('#tests-errors').replaceChildren(...items);
}
testsText.addEventListener('input', () => {
  clearTimeout(testsTimer);
  testsTimer = setTimeout(async () => {
    const toml = testsText.value;
    const info = await client.exercise(toml);
    if (testsText.value !== toml) return;          // typed on meanwhile: the next reply shows
    showTestsErrors(info);
    if (info.ok) showExercise(toml, info);
  }, CHECK_DELAY_MS);
});

function selectTab(which) {
  const tests = which === 'tests';
  $('#tab-program').setAttribute('aria-selected', String(!tests));
  $('#tab-tests').setAttribute('aria-selected', String(tests));
  $('#tab-program').tabIndex = tests ? -1 : 0;
  $('#tab-tests').tabIndex = tests ? 0 : -1;
  $('#program-view').hidden = tests;
  $('#tests-view').hidden = !tests;
}
$('#tab-program').addEventListener('click', () => selectTab('program'));
$('#tab-tests').addEventListener('click', () => selectTab('tests'));
$('.tabs').addEventListener('keydown', (event) => {
  if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
  const tests = $('#tab-tests').getAttribute('aria-selected') !== 'true';
  selectTab(tests ? 'tests' : 'program');
  $(tests ? '#tab-tests' : '#tab-program').focus();
});

// The exercise open at the last visit is open again (its program is already in Programs).
try {
  const saved = localStorage.getItem(EXERCISE_KEY);
  if (saved && !location.hash.startsWith('#exercise=')) openExercise(saved, { starter: false });
} catch { /* */ }

$('#share').addEventListener('click', async () => {
  // With an exercise open the link carries the exercise (statement, starter, tests), never
  // the program being written against it.
  const fragment = exercise ? await encodeExercise(exercise.toml) : await encodeState({
    source: editor.text(), edition: Number($('#edition').value),
    access_control: $('#access-control').checked, input: $('#input').value,
    breakpoints: editor.breakpoints(),
  });
  const link = location.origin + location.pathname + location.search + fragment;
  const what = exercise ? 'exercise' : 'program';
  try {
    await navigator.clipboard.writeText(link);
    if (exercise) {
      notice(`Exercise link copied to the clipboard (${link.length.toLocaleString('en-US')} characters): `
        + 'it carries the statement, starter code and tests, not your program.', { link });
      return;
    }
    notice(`Link copied to the clipboard (${link.length.toLocaleString('en-US')} characters).`, { link });
  } catch {
    notice(`Copy this link to share the ${what}:`, { link });
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
  if (state.exercise !== undefined) {
    history.replaceState(null, '', location.pathname + location.search);
    openExercise(state.exercise, { name: 'shared exercise' });
    return;
  }
  $('#edition').value = String(state.edition);
  $('#access-control').checked = state.access_control;
  $('#input').value = state.input;
  const name = openAsEntry('shared program.asm', state.source);
  // Opened once: a reload must not open it again.
  history.replaceState(null, '', location.pathname + location.search);
  notice(`Opened a shared program as ${name} in Programs. Your own programs are all kept.`);
  editor.showBreakpoints(state.breakpoints);
  client.send({ type: 'breakpoints', lines: state.breakpoints });
}
window.addEventListener('hashchange', openSharedLink);
openSharedLink();

if (new URLSearchParams(location.search).get('embed') === '1') document.body.classList.add('embed');

// Offline use: once the VM is ready, the service worker fetches whatever of the site has not
// passed through it yet; the page then works without a network.
function completeOfflineCopy() {
  const sw = navigator.serviceWorker;
  if (!sw || location.protocol === 'file:') return;
  sw.addEventListener('message', (event) => {
    if (event.data?.type === 'offline-ready') document.body.dataset.offline = 'ready';
  });
  sw.ready.then((registration) => registration.active?.postMessage({ type: 'complete' }));
}

status.show({ state: 'loading', message: 'Loading the LC-3 machine…' });
mark('app done');

// The user's programs, kept in the browser's localStorage: an index of names and one key per
// program's text, so saving as the user types writes only that program.  Nothing here ever
// overwrites one program with another: examples, shared links, opened files and zips all
// arrive as new entries.  When storage is full or switched off the programs live in memory
// for this visit and `onProblem` says so.
const INDEX = 'lc3-playground.programs';
const TEXT = 'lc3-playground.program.';
const OLD_DRAFT = 'lc3-playground.draft';      // the single draft of earlier versions
const OLD_KEPT = 'lc3-playground.kept';

function openStorage() {
  try {
    const storage = window.localStorage;
    const probe = `${INDEX}.probe`;
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return null;
  }
}

// "hello.asm" -> "hello (2).asm" until the name is free.
function freeName(name, taken) {
  if (!taken.has(name)) return name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  const base = stem.replace(/ \(\d+\)$/, '');
  for (let n = 2; ; n++) {
    const candidate = `${base} (${n})${ext}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export function createProgramStore({ onProblem = () => {} } = {}) {
  const storage = openStorage();
  const memory = new Map();                 // id -> text, the truth when storage fails
  let index = { current: null, entries: [] };   // entries: [{id, name, modified}]
  let failing = false;

  function problem(error) {
    if (failing) return;
    failing = true;
    const full = error && /quota/i.test(`${error.name} ${error.message}`);
    onProblem(storage === null
      ? 'Saving in this browser is switched off, so your programs last only until this tab '
        + 'closes. Use Download all to keep them.'
      : full
        ? 'The browser\'s storage is full: your latest changes are not saved. Download all '
          + 'to keep them, then delete programs you no longer need.'
        : `Your programs could not be saved (${error && error.message}). Download all to keep them.`);
  }

  function write(key, value) {
    if (storage === null) { problem(null); return; }
    try {
      if (value === null) storage.removeItem(key);
      else storage.setItem(key, value);
      failing = false;
    } catch (error) {
      problem(error);
    }
  }

  const writeIndex = () => write(INDEX, JSON.stringify(index));
  const entry = (id) => index.entries.find((e) => e.id === id);
  const newId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

  function text(id) {
    if (memory.has(id)) return memory.get(id);
    try { return storage?.getItem(TEXT + id) ?? ''; } catch { return ''; }
  }

  function load() {
    if (storage === null) { problem(null); return; }
    try {
      const saved = JSON.parse(storage.getItem(INDEX) || 'null');
      if (saved && Array.isArray(saved.entries)) {
        index = { current: saved.current, entries: saved.entries.filter((e) => e && e.id && e.name) };
      } else {                              // first visit of this version: bring the old draft
        for (const [key, name] of [[OLD_DRAFT, 'program.asm'], [OLD_KEPT, 'kept program.asm']]) {
          const old = storage.getItem(key);
          if (old && old.trim()) store.add(name, old);
        }
      }
    } catch { /* a damaged index: start afresh, the texts stay in storage */ }
  }

  const store = {
    available: () => storage !== null,
    list: () => [...index.entries].sort((a, b) => b.modified - a.modified),
    current: () => (entry(index.current) ? index.current : null),
    get: (id) => (entry(id) ? { ...entry(id), text: text(id) } : null),
    names: () => new Set(index.entries.map((e) => e.name)),

    // A new entry (the name made unique); returns its id.
    add(name, value) {
      const id = newId();
      index.entries.push({ id, name: freeName(name, store.names()), modified: Date.now() });
      memory.set(id, value);
      write(TEXT + id, value);
      writeIndex();
      return id;
    },
    save(id, value) {
      const e = entry(id);
      if (!e || text(id) === value) return;
      e.modified = Date.now();
      memory.set(id, value);
      write(TEXT + id, value);
      writeIndex();
    },
    rename(id, name) {
      const e = entry(id);
      name = name.trim().replace(/[\\/]/g, '-');
      if (!e || !name || name === e.name) return e?.name;
      const others = store.names();
      others.delete(e.name);
      e.name = freeName(name, others);
      writeIndex();
      return e.name;
    },
    duplicate(id) {
      const e = entry(id);
      if (!e) return null;
      const dot = e.name.lastIndexOf('.');
      const copy = dot > 0 ? `${e.name.slice(0, dot)} copy${e.name.slice(dot)}` : `${e.name} copy`;
      return store.add(copy, text(id));
    },
    // Removes an entry; returns what restore() needs to bring it back.
    remove(id) {
      const e = entry(id);
      if (!e) return null;
      const removed = { ...e, text: text(id) };
      index.entries = index.entries.filter((x) => x.id !== id);
      memory.delete(id);
      write(TEXT + id, null);
      writeIndex();
      return removed;
    },
    restore(removed) {
      if (entry(removed.id)) return removed.id;
      const name = freeName(removed.name, store.names());
      index.entries.push({ id: removed.id, name, modified: removed.modified });
      memory.set(removed.id, removed.text);
      write(TEXT + removed.id, removed.text);
      writeIndex();
      return removed.id;
    },
    setCurrent(id) {
      if (!entry(id) || index.current === id) return;
      index.current = id;
      writeIndex();
    },
    // An entry holding exactly this text (to open an example twice without a copy).
    findText(value, name) {
      return index.entries.find((e) => (name === undefined || e.name === name)
        && text(e.id) === value)?.id ?? null;
    },
  };
  load();
  return store;
}

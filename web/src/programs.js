// The user's programs, kept in the browser's localStorage: an index of names and one key per
// program's text, so saving as the user types writes only that program.  Nothing here ever
// overwrites one program with another: examples, shared links, opened files and zips all
// arrive as new entries.  When storage is full or switched off the programs live in memory
// for this visit and `onProblem` says so.  Another tab may change the list at any time, so
// every change starts from the stored index, and a program being edited here is never
// dropped from it.
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
  const memory = new Map();                 // id -> text that storage could not take
  const known = new Map();                  // id -> name, of the programs this tab has had
  let index = { current: null, entries: [] };   // entries: [{id, name, modified}]
  let told = { message: '', at: -Infinity };

  // Says what went wrong, but the same words not more than once a minute.
  function problem(error) {
    const full = error && /quota/i.test(`${error.name} ${error.message}`);
    const message = storage === null
      ? 'Saving in this browser is switched off, so your programs last only until this tab '
        + 'closes. Use Download all to keep them.'
      : full
        ? 'The browser\'s storage is full: your latest changes are not saved. Download all '
          + 'to keep them, then delete programs you no longer need.'
        : `Your programs could not be saved (${error && error.message}). Download all to keep them.`;
    const now = Date.now();
    if (message === told.message && now - told.at < 60_000) return;
    told = { message, at: now };
    onProblem(message);
  }

  function write(key, value) {
    if (storage === null) { problem(null); return false; }
    try {
      if (value === null) storage.removeItem(key);
      else storage.setItem(key, value);
      return true;
    } catch (error) {
      problem(error);
      return false;
    }
  }

  // A program's text: in storage, or kept here when storage would not take it.
  function keep(id, value) {
    if (write(TEXT + id, value)) memory.delete(id);
    else memory.set(id, value);
  }

  const writeIndex = () => write(INDEX, JSON.stringify(index));

  // The list as stored now (another tab may have added, renamed or deleted programs); this
  // tab's current program stays its own.
  function refresh() {
    if (storage === null) return;
    try {
      const stored = JSON.parse(storage.getItem(INDEX) || 'null');
      if (stored && Array.isArray(stored.entries)) {
        index.entries = stored.entries.filter((e) => e && e.id && e.name);
      }
    } catch { /* keep what this tab knows */ }
  }
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
    list: () => { refresh(); return [...index.entries].sort((a, b) => b.modified - a.modified); },
    current: () => (entry(index.current) ? index.current : null),
    get(id) {
      const e = entry(id);
      if (!e) return null;
      known.set(id, e.name);
      return { ...e, text: text(id) };
    },
    names: () => new Set(index.entries.map((e) => e.name)),

    // A new entry (the name made unique); returns its id.
    add(name, value) {
      refresh();
      const id = newId();
      const unique = freeName(name, store.names());
      index.entries.push({ id, name: unique, modified: Date.now() });
      known.set(id, unique);
      keep(id, value);
      writeIndex();
      return id;
    },
    save(id, value) {
      refresh();
      let e = entry(id);
      if (!e) {
        if (!known.has(id)) return;
        // Deleted in another tab while it is being edited here: it comes back.
        e = { id, name: freeName(known.get(id), store.names()), modified: Date.now() };
        index.entries.push(e);
      } else if (text(id) === value) {
        return;
      }
      e.modified = Date.now();
      keep(id, value);
      writeIndex();
    },
    rename(id, name) {
      refresh();
      const e = entry(id);
      name = name.trim().replace(/[\\/]/g, '-');
      if (!e || !name || name === e.name) return e?.name;
      const others = store.names();
      others.delete(e.name);
      e.name = freeName(name, others);
      known.set(id, e.name);
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
      refresh();
      const e = entry(id);
      if (!e) return null;
      const removed = { ...e, text: text(id) };
      index.entries = index.entries.filter((x) => x.id !== id);
      memory.delete(id);
      known.delete(id);
      write(TEXT + id, null);
      writeIndex();
      return removed;
    },
    restore(removed) {
      refresh();
      if (entry(removed.id)) return removed.id;
      const name = freeName(removed.name, store.names());
      index.entries.push({ id: removed.id, name, modified: removed.modified });
      known.set(removed.id, name);
      keep(removed.id, removed.text);
      writeIndex();
      return removed.id;
    },
    setCurrent(id) {
      refresh();
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

// The debugger's panels: registers (editable), the PSR decoded, the call stack,
// disassembly around the PC, a memory view with go-to, and the history's reach.
// It shows the VM's `debug` message and reports what the user asks for through callbacks.
const hex = (v) => 'x' + (v & 0xffff).toString(16).toUpperCase().padStart(4, '0');
const signed = (v) => (v & 0x8000 ? v - 0x10000 : v);
const REGISTERS = ['R0', 'R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'PC', 'IR', 'PSR'];

function parseValue(text) {
  const t = text.trim();
  if (/^[xX]-?[0-9a-fA-F]+$/.test(t)) return parseInt(t.slice(1), 16) & 0xffff;
  if (/^#?-?\d+$/.test(t)) return Number(t.replace('#', '')) & 0xffff;
  return null;
}

function element(tag, props = {}, children = []) {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) node.append(child);
  return node;
}

export function createDebuggerPanel(root, { onAction, onSet, onMemory, onWatch }) {
  const registers = root.querySelector('#registers');
  const psr = root.querySelector('#psr');
  const stack = root.querySelector('#stack');
  const disassembly = root.querySelector('#disassembly');
  const memory = root.querySelector('#memory');
  const history = root.querySelector('#history');
  const watches = root.querySelector('#watches');

  // A value cell that becomes an input on click; Enter sets, Escape cancels.
  function editable(value, onCommit, label) {
    const cell = element('td', { className: 'value', textContent: hex(value), tabIndex: 0 });
    cell.setAttribute('aria-label', label);
    const edit = () => {
      const input = element('input', { value: hex(value), className: 'edit' });
      input.setAttribute('aria-label', label);
      cell.replaceChildren(input);
      input.focus();
      input.select();
      input.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') {
          const parsed = parseValue(input.value);
          if (parsed !== null) onCommit(parsed);
          else input.classList.add('invalid');
        } else if (event.key === 'Escape') {
          cell.textContent = hex(value);
        }
        event.stopPropagation();
      });
    };
    cell.addEventListener('click', edit);
    cell.addEventListener('keydown', (event) => { if (event.key === 'Enter') edit(); });
    return cell;
  }

  function showRegisters(state) {
    registers.replaceChildren(...REGISTERS.map((name) => {
      const value = state.registers[name];
      const row = element('tr', { className: state.changed.includes(name) ? 'changed' : '' });
      row.dataset.register = name;
      row.append(element('th', { textContent: name }));
      row.append(name === 'IR'
        ? element('td', { className: 'value', textContent: hex(value) })
        : editable(value, (v) => onSet(name, v), `${name} value`));
      row.append(element('td', { className: 'decimal', textContent: String(signed(value)) }));
      return row;
    }));
    const p = state.psr;
    psr.replaceChildren(
      element('span', { textContent: p.user ? 'User mode' : 'Supervisor mode' }), ' · ',
      element('span', { textContent: `priority ${p.priority}` }), ' · ',
      ...['N', 'Z', 'P'].map((flag) => element('span', {
        className: p.cc.includes(flag) ? 'flag on' : 'flag', textContent: flag })));
  }

  function showStack(frames) {
    stack.replaceChildren(...(frames.length ? frames.map((f) => element('li', {
      textContent: `${f.target_label} — ${f.kind} from ${hex(f.site)} (${f.site_label}), `
        + `returns to ${hex(f.return_address)}` })) : [element('li', { className: 'empty', textContent: 'no calls in progress' })]));
  }

  function showDisassembly(rows, pc) {
    disassembly.replaceChildren(...rows.map((r) => {
      const row = element('tr', { className: r.address === pc ? 'current' : '' }, [
        element('td', { className: 'mark', textContent: r.breakpoint ? '●' : '' }),
        element('td', { textContent: hex(r.address) }),
        element('td', { className: 'word', textContent: hex(r.word) }),
        element('td', { className: 'label', textContent: r.label }),
        element('td', { textContent: r.text }),
      ]);
      row.dataset.address = hex(r.address);
      return row;
    }));
    // Scroll only the disassembly's own box: the registers above must stay in view.
    const current = disassembly.querySelector('tr.current');
    const box = disassembly.parentElement;
    if (current) box.scrollTop = current.offsetTop - (box.clientHeight - current.offsetHeight) / 2;
  }

  function showMemory(view) {
    if (!view) { memory.replaceChildren(); return; }
    const rows = [];
    for (let k = 0; k < view.words.length; k += 8) {
      const address = (view.start + k) & 0xffff;
      const row = element('tr', {}, [element('th', { textContent: hex(address) })]);
      view.words.slice(k, k + 8).forEach((word, j) => {
        const at = (address + j) & 0xffff;
        row.append(editable(word, (v) => onSet(hex(at), v), `memory ${hex(at)}`));
      });
      rows.push(row);
    }
    memory.replaceChildren(...rows);
  }

  root.querySelector('#watch').addEventListener('click', () => {
    const where = root.querySelector('#memory-address').value.trim();
    if (where) onWatch(where);
  });

  function showWatches(list) {
    watches.replaceChildren(...list.map(([first, last]) => element('div', {}, [
      `Watching ${hex(first)}${last !== first ? `–${hex(last)}` : ''} `,
      Object.assign(element('button', { type: 'button', textContent: 'Clear' }),
        { onclick: () => onWatch(null) }),
    ])));
  }

  root.querySelector('#memory-go').addEventListener('submit', (event) => {
    event.preventDefault();
    const where = root.querySelector('#memory-address').value.trim();
    if (where) onMemory(where);
  });

  const actions = { continue: 'continue', step: 'step', 'step-over': 'over', 'step-out': 'out',
    'step-back': 'back', reverse: 'reverse' };
  for (const [id, action] of Object.entries(actions)) {
    root.querySelector(`#${id}`).addEventListener('click', () => onAction(action));
  }
  // The keys of common IDEs; taken before the console or the editor sees them.
  document.addEventListener('keydown', (event) => {
    const action = { F5: 'continue', F10: 'over', F11: event.shiftKey ? 'out' : 'step' }[event.key];
    if (action && !event.ctrlKey && !event.altKey && !event.metaKey) {
      event.preventDefault();
      event.stopPropagation();
      onAction(action);
    }
  }, true);

  return {
    show(state) {
      root.dataset.pc = hex(state.pc);
      showRegisters(state);
      showStack(state.stack);
      showDisassembly(state.disassembly, state.pc);
      showMemory(state.memory);
      showWatches(state.watches || []);
      const h = state.history;
      history.textContent = `History: ${(h.now - h.earliest).toLocaleString('en-US')} `
        + `instructions back · ${h.snapshots} snapshot${h.snapshots === 1 ? '' : 's'} · `
        + `${(h.bytes / 1e6).toFixed(1)} MB`;
    },
  };
}

// The Programs panel: the list of the user's programs, with New program, open, rename,
// duplicate and delete.  It draws the store's list and reports what the user asks for.
function button(text, label, onClick) {
  const b = Object.assign(document.createElement('button'), { type: 'button', textContent: text });
  if (label) b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

export function createProgramsPanel(root, { store, onOpen, onNew, onDuplicate, onDelete, onRename }) {
  const list = root.querySelector('#program-list');
  let editing = null;                    // the id whose name is being edited

  root.querySelector('#program-new').addEventListener('click', () => onNew());

  function rename(id, item) {
    editing = id;
    const { name } = store.get(id);
    const input = Object.assign(document.createElement('input'), { value: name, className: 'rename' });
    input.setAttribute('aria-label', `New name for ${name}`);
    let done = false;
    const finish = (commit) => {
      if (done) return;
      done = true;
      editing = null;
      if (commit) onRename(id, input.value);
      draw();
      list.querySelector(`[data-id="${id}"] .name`)?.focus();
    };
    input.addEventListener('keydown', (event) => {
      event.stopPropagation();
      if (event.key === 'Enter') finish(true);
      else if (event.key === 'Escape') finish(false);
    });
    input.addEventListener('blur', () => finish(true));
    item.querySelector('.name').replaceWith(input);
    input.focus();
    input.select();
  }

  function draw() {
    if (editing) return;
    const current = store.current();
    list.replaceChildren(...store.list().map(({ id, name }) => {
      const item = document.createElement('li');
      item.dataset.id = id;
      const open = button(name, null, () => onOpen(id));
      open.className = 'name';
      if (id === current) open.setAttribute('aria-current', 'true');
      const actions = document.createElement('span');
      actions.className = 'actions';
      actions.append(
        button('Rename', `Rename ${name}`, () => rename(id, item)),
        button('Duplicate', `Duplicate ${name}`, () => onDuplicate(id)),
        button('Delete', `Delete ${name}`, () => onDelete(id)));
      item.append(open, actions);
      return item;
    }));
  }

  draw();
  return { draw };
}

// An object file has no source: its disassembly takes the editor's place, with the PC's row
// marked as the program runs and steps.
const hex = (v) => 'x' + (v & 0xffff).toString(16).toUpperCase().padStart(4, '0');

export function createObjectView(root) {
  const table = root.querySelector('table');
  let rows = new Map();                  // address -> <tr>
  let current = null;

  return {
    // listing: [{address, word, label, text}]
    show(listing) {
      rows = new Map();
      current = null;
      table.replaceChildren(...listing.map((r) => {
        const tr = document.createElement('tr');
        for (const [cls, text] of [['address', hex(r.address)], ['word', hex(r.word)],
          ['label', r.label], ['text', r.text]]) {
          const td = document.createElement('td');
          td.className = cls;
          td.textContent = text;
          tr.append(td);
        }
        rows.set(r.address, tr);
        return tr;
      }));
    },
    markPC(pc) {
      current?.classList.remove('current');
      current = rows.get(pc) ?? null;
      if (!current) return;
      current.classList.add('current');
      const box = root;
      const top = current.offsetTop - box.clientHeight / 3;
      if (current.offsetTop < box.scrollTop || current.offsetTop > box.scrollTop + box.clientHeight - 20) {
        box.scrollTop = Math.max(0, top);
      }
    },
  };
}

// A small, safe subset of Markdown for exercise statements: paragraphs, headings, lists,
// fenced code, `code`, **bold** and *emphasis*.  It builds DOM nodes with text content only,
// so nothing in a statement (from a file or a link) can ever become markup or script.
const INLINE = /(`[^`]+`|\*\*[^*]+\*\*|__[^_]+__|\*[^*\s][^*]*\*|_[^_\s][^_]*_)/;

function inline(parent, text) {
  for (const part of text.split(INLINE)) {
    if (!part) continue;
    let node;
    if (/^`.+`$/s.test(part)) node = Object.assign(document.createElement('code'), { textContent: part.slice(1, -1) });
    else if (/^(\*\*|__).+\1$/s.test(part)) node = document.createElement('strong');
    else if (/^([*_]).+\1$/s.test(part)) node = document.createElement('em');
    if (!node) { parent.append(part); continue; }
    if (!node.textContent) inline(node, part.replace(/^(\*\*|__|\*|_)|(\*\*|__|\*|_)$/g, ''));
    parent.append(node);
  }
}

// Appends the statement's blocks to `parent` (emptied first).
export function renderMarkdown(parent, source) {
  parent.replaceChildren();
  const lines = String(source).replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) { i++; continue; }
    if (/^\s*```/.test(line)) {                    // fenced code, kept as it is
      const body = [];
      for (i++; i < lines.length && !/^\s*```/.test(lines[i]); i++) body.push(lines[i]);
      i++;
      const pre = document.createElement('pre');
      pre.append(Object.assign(document.createElement('code'), { textContent: body.join('\n') }));
      parent.append(pre);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {                                 // statement headings sit below its title
      const h = document.createElement(`h${Math.min(heading[1].length + 3, 6)}`);
      inline(h, heading[2]);
      parent.append(h);
      i++;
      continue;
    }
    const item = /^\s*([-*+]|\d+[.)])\s+/;
    if (item.test(line)) {
      const list = document.createElement(/^\s*\d/.test(line) ? 'ol' : 'ul');
      let li = null;
      for (; i < lines.length && lines[i].trim(); i++) {
        const m = item.exec(lines[i]);
        if (m) {
          li = document.createElement('li');
          list.append(li);
          inline(li, lines[i].slice(m[0].length));
        } else {
          inline(li, ` ${lines[i].trim()}`);       // a continued item
        }
      }
      parent.append(list);
      continue;
    }
    const text = [];
    for (; i < lines.length && lines[i].trim() && !item.test(lines[i]) && !/^\s*```|^#/.test(lines[i]); i++) {
      text.push(lines[i].trim());
    }
    const p = document.createElement('p');
    inline(p, text.join(' '));
    parent.append(p);
  }
}

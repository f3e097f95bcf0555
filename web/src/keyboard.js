// Keys as the LC-3 keyboard device sees them: one ASCII character per key.
const NAMED = { Enter: '\n', Backspace: '\b', Tab: '\t', Escape: '\x1b', Delete: '\x7f' };

export function keyText(event) {
  if (event.ctrlKey && event.key.length === 1) {
    const code = event.key.toUpperCase().charCodeAt(0);
    if (code >= 64 && code < 96) return String.fromCharCode(code - 64);   // Ctrl-A = 1
    return null;
  }
  if (event.metaKey || event.altKey) return null;
  if (event.key.length === 1 && event.key.charCodeAt(0) < 128) return event.key;
  return NAMED[event.key] ?? null;
}

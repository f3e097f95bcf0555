// The console: an xterm.js terminal for the program's output (ANSI escapes included);
// what is typed into it goes to the keyboard device.
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';

export function createConsole(parent, { onKey, onRelease }) {
  const terminal = new Terminal({
    convertEol: true, cursorBlink: true, fontSize: 13, rows: 24, scrollback: 5000,
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
    // ANSI colours chosen to read well on the dark background (each at least 4.5:1), for
    // programs such as the guess game that colour their words.
    theme: {
      background: '#101418', foreground: '#e6e6e6', cursor: '#e6e6e6',
      black: '#5c6370', red: '#ff7b72', green: '#7ee787', yellow: '#f2cc60', blue: '#79c0ff',
      magenta: '#f0a3ff', cyan: '#76e3ea', white: '#e6e6e6',
      brightBlack: '#8b949e', brightRed: '#ffa198', brightGreen: '#a5f2b0',
      brightYellow: '#ffe08a', brightBlue: '#a5d6ff', brightMagenta: '#f7c6ff',
      brightCyan: '#b3f0ff', brightWhite: '#ffffff',
    },
  });
  const fit = new FitAddon();
  terminal.loadAddon(fit);
  terminal.open(parent);
  terminal.textarea?.setAttribute('aria-label', 'Console input');
  terminal.onData((data) => onKey(data));
  // Tab and Esc are the page's: Tab moves on, Esc gives the keyboard back (the hint beside
  // the console says so).  Ctrl+[ still types an Escape for the program.
  terminal.attachCustomKeyEventHandler((event) => {
    if (event.key === 'Tab') return false;
    if (event.key === 'Escape') {
      if (event.type === 'keydown') onRelease();
      return false;
    }
    return true;
  });
  const refit = () => {
    try { fit.fit(); } catch { /* not visible yet */ }
    parent.dataset.cols = String(terminal.cols);     // its real width, for layout checks
  };
  new ResizeObserver(refit).observe(parent);
  refit();
  const decoder = new TextDecoder('latin1');
  let text = '';

  return {
    write(bytes) {
      const chunk = decoder.decode(bytes);
      text += chunk;
      if (text.length > 200000) text = text.slice(-100000);
      terminal.write(chunk);
    },
    clear() { terminal.reset(); text = ''; },
    // Everything written since the last clear, for the page's own tests and for copying.
    text: () => text,
    focus: () => terminal.focus(),
  };
}

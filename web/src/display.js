// The display: 128 x 124 pixels of RGB555 video memory, drawn crisp at an integer scale.
// Keys pressed while it has focus go to the keyboard device.
import { keyText } from './keyboard.js';

export const WIDTH = 128;
export const HEIGHT = 124;

// RGB555 -> packed RGBA (little-endian ABGR in a Uint32Array), for all 32768 colours.
const RGBA = new Uint32Array(32768);
for (let w = 0; w < 32768; w++) {
  const scale = (c) => (c << 3) | (c >> 2);
  const r = scale((w >> 10) & 31), g = scale((w >> 5) & 31), b = scale(w & 31);
  RGBA[w] = (255 << 24) | (b << 16) | (g << 8) | r;
}

export function createDisplay(canvas, { onKey, onRelease }) {
  const context = canvas.getContext('2d', { alpha: false });
  const image = context.createImageData(WIDTH, HEIGHT);
  const pixels = new Uint32Array(image.data.buffer);
  pixels.fill(RGBA[0]);
  let dirty = true;

  function fitScale() {
    // The largest whole scale that fits the pane's width and half the window's height.
    const box = canvas.parentElement.getBoundingClientRect();
    if (!box.width) return;                       // hidden: it takes no space
    const fits = Math.min((box.width - 8) / WIDTH, (window.innerHeight * 0.5) / HEIGHT);
    const scale = Math.max(2, Math.min(4, Math.floor(fits)));
    canvas.style.width = `${WIDTH * scale}px`;
    canvas.style.height = `${HEIGHT * scale}px`;
    canvas.dataset.scale = String(scale);
  }
  new ResizeObserver(fitScale).observe(canvas.parentElement);
  fitScale();

  function paint() {
    if (dirty) context.putImageData(image, 0, 0);
    dirty = false;
    requestAnimationFrame(paint);
  }
  requestAnimationFrame(paint);

  // Keys go to the program while the display has focus (a hint says so), except Tab, which
  // moves on as everywhere else, and Esc, which gives the keyboard back to the page.
  canvas.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') { event.preventDefault(); onRelease(); return; }
    if (event.key === 'Tab') return;
    const text = keyText(event);
    if (text !== null) {
      event.preventDefault();
      onKey(text);
    }
  });

  return {
    // rows: [{first, count, words: Uint8Array of little-endian RGB555}]
    update(rows) {
      for (const { first, count, words } of rows) {
        const view = new Uint16Array(words.buffer, words.byteOffset, count * WIDTH);
        const base = first * WIDTH;
        for (let i = 0; i < view.length; i++) pixels[base + i] = RGBA[view[i] & 0x7fff];
      }
      dirty = true;
    },
    clear() { pixels.fill(RGBA[0]); dirty = true; },
    focus: () => canvas.focus(),
    refit: fitScale,
  };
}

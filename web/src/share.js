// Sharing by URL and keeping the user's work.  A shared program travels in the URL's
// fragment (#code=...), deflated and base64url-encoded, so no server ever sees it.  The
// editor's text is saved in the browser as the user types.
const PREFIX = '#code=';
const MAX_FRAGMENT = 64 * 1024;      // characters of a link we accept
const MAX_STATE = 512 * 1024;        // bytes once inflated
const DRAFT = 'lc3-playground.draft';
const KEPT = 'lc3-playground.kept';

function fromBase64url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('it contains characters a link never has');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function pipe(bytes, stream) {
  const out = await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer();
  return new Uint8Array(out);
}

// state: {source, edition, access_control, input, breakpoints}
export async function encodeState(state) {
  const json = new TextEncoder().encode(JSON.stringify({ v: 1, ...state }));
  const deflated = await pipe(json, new CompressionStream('deflate-raw'));
  let binary = '';
  for (let i = 0; i < deflated.length; i += 8192) {
    binary += String.fromCharCode(...deflated.subarray(i, i + 8192));
  }
  return PREFIX + btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

// The state in a link's fragment; null when there is none; throws Error with a message a
// user can read when the link is damaged.
export async function decodeFragment(hash) {
  if (!hash.startsWith(PREFIX)) return null;
  const data = hash.slice(PREFIX.length);
  if (data.length > MAX_FRAGMENT) throw new Error(`it is too long (${data.length.toLocaleString('en-US')} characters)`);
  let bytes;
  try {
    bytes = fromBase64url(data);
  } catch (e) {
    throw new Error(e.message.startsWith('it ') ? e.message : 'it is not valid base64url');
  }
  let inflated;
  try {
    inflated = await pipe(bytes, new DecompressionStream('deflate-raw'));
  } catch {
    throw new Error('it is cut short or damaged (it does not inflate)');
  }
  if (inflated.length > MAX_STATE) throw new Error('what it holds is too large');
  let state;
  try {
    state = JSON.parse(new TextDecoder().decode(inflated));
  } catch {
    throw new Error('what it holds is not a program');
  }
  if (!state || typeof state.source !== 'string') throw new Error('what it holds is not a program');
  return {
    source: state.source,
    edition: state.edition === 2 ? 2 : 3,
    access_control: Boolean(state.access_control),
    input: typeof state.input === 'string' ? state.input : '',
    breakpoints: Array.isArray(state.breakpoints)
      ? state.breakpoints.filter((n) => Number.isInteger(n) && n > 0) : [],
  };
}

// The user's own work, saved as they type; a shared link never overwrites it silently.
export const drafts = {
  load: () => { try { return localStorage.getItem(DRAFT); } catch { return null; } },
  save: (text) => { try { localStorage.setItem(DRAFT, text); } catch { /* storage full or off */ } },
  keep(text) {                       // put aside before something else takes the editor
    try { localStorage.setItem(KEPT, text); } catch { /* ignore */ }
  },
  kept: () => { try { return localStorage.getItem(KEPT); } catch { return null; } },
};

// Sharing by URL.  A shared program travels in the URL's fragment (#code=...), deflated
// and base64url-encoded, so no server ever sees it.  An exercise travels the same way
// (#exercise=...): its TOML text only, never the program in the editor.
const PREFIX = '#code=';
const EXERCISE_PREFIX = '#exercise=';
const MAX_FRAGMENT = 64 * 1024;      // characters of a link we accept
const MAX_STATE = 512 * 1024;        // bytes once inflated

function fromBase64url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('it contains characters a link never has');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function pipe(bytes, stream) {
  const out = await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer();
  return new Uint8Array(out);
}

class TooLarge extends Error {}

// Inflates chunk by chunk and gives up as soon as the output passes `cap` bytes, so a small
// link that inflates to gigabytes (a zip bomb) costs no more than the cap.
async function inflateCapped(bytes, cap) {
  const reader = new Blob([bytes]).stream()
    .pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > cap) {
      reader.cancel().catch(() => {});
      throw new TooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) { out.set(chunk, at); at += chunk.length; }
  return out;
}

async function encode(prefix, value) {
  const json = new TextEncoder().encode(JSON.stringify({ v: 1, ...value }));
  const deflated = await pipe(json, new CompressionStream('deflate-raw'));
  let binary = '';
  for (let i = 0; i < deflated.length; i += 8192) {
    binary += String.fromCharCode(...deflated.subarray(i, i + 8192));
  }
  return prefix + btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

// state: {source, edition, access_control, input, breakpoints}
export const encodeState = (state) => encode(PREFIX, state);
// The exercise's TOML text (statement, starter and tests), nothing else.
export const encodeExercise = (toml) => encode(EXERCISE_PREFIX, { exercise: toml });

// The state in a link's fragment: a program's, or {exercise: TOML text} for an exercise
// link; null when there is none; throws Error with a message a user can read when the link
// is damaged.
export async function decodeFragment(hash) {
  if (hash.startsWith(EXERCISE_PREFIX)) {
    const value = await decode(hash.slice(EXERCISE_PREFIX.length));
    if (!value || typeof value.exercise !== 'string') throw new Error('what it holds is not an exercise');
    return { exercise: value.exercise };
  }
  if (!hash.startsWith(PREFIX)) return null;
  const state = await decode(hash.slice(PREFIX.length));
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

async function decode(data) {
  if (data.length > MAX_FRAGMENT) throw new Error(`it is too long (${data.length.toLocaleString('en-US')} characters)`);
  let bytes;
  try {
    bytes = fromBase64url(data);
  } catch (e) {
    throw new Error(e.message.startsWith('it ') ? e.message : 'it is not valid base64url');
  }
  let inflated;
  try {
    inflated = await inflateCapped(bytes, MAX_STATE);
  } catch (error) {
    if (error instanceof TooLarge) throw new Error('what it holds is too large');
    throw new Error('it is cut short or damaged (it does not inflate)');
  }
  try {
    return JSON.parse(new TextDecoder().decode(inflated));
  } catch {
    throw new Error('what it holds is not readable');
  }
}

// All the user's programs as one zip, and a zip opened back into programs (fflate does the
// format; this file decides what goes in and what comes out).
import { zipSync, unzipSync, strToU8, strFromU8 } from 'fflate';

const MAX_ZIP_BYTES = 20 * 1024 * 1024;          // what we read of a zip someone gives us
const MAX_FILE_BYTES = 2 * 1024 * 1024;          // one program's source, inflated
const SOURCE = /\.(asm|s|txt)$/i;

// programs: [{name, text}] -> zip bytes (the names are unique already).
export function zipPrograms(programs) {
  const files = {};
  for (const { name, text } of programs) files[name] = [strToU8(text), { mtime: new Date() }];
  return zipSync(files, { level: 6 });
}

// zip bytes -> [{name, text}] of the sources in it, whatever folders they sit in.  Throws
// Error with a message a user can read.
export function unzipPrograms(bytes) {
  if (bytes.length > MAX_ZIP_BYTES) throw new Error('the zip is larger than 20 MB');
  let files;
  try {
    files = unzipSync(bytes, {
      // Look at the names and sizes first, so that nothing large is ever inflated.
      filter: (file) => SOURCE.test(file.name) && file.originalSize <= MAX_FILE_BYTES,
    });
  } catch {
    throw new Error('it is not a zip file, or it is damaged');
  }
  return Object.entries(files)
    .filter(([, data]) => data.length <= MAX_FILE_BYTES)
    .map(([path, data]) => ({ name: path.split('/').pop(), text: strFromU8(data) }))
    .filter(({ name }) => name && !name.startsWith('.'));
}

// Opening files (picker and drag-and-drop) and downloading what the user made.
export function download(name, data, type = 'application/octet-stream') {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function read(file) {
  const isText = /\.(asm|sym|txt|s|toml)$/i.test(file.name);
  return { name: file.name, text: isText ? await file.text() : null,
    bytes: isText ? null : new Uint8Array(await file.arrayBuffer()) };
}

// Calls onFiles([{name, text, bytes}]) for files picked or dropped anywhere on the page.
export function acceptFiles(input, dropTarget, onFiles) {
  input.addEventListener('change', async () => {
    if (input.files.length) onFiles(await Promise.all([...input.files].map(read)));
    input.value = '';
  });
  dropTarget.addEventListener('dragover', (event) => {
    event.preventDefault();
    dropTarget.classList.add('dropping');
  });
  dropTarget.addEventListener('dragleave', () => dropTarget.classList.remove('dropping'));
  dropTarget.addEventListener('drop', async (event) => {
    event.preventDefault();
    dropTarget.classList.remove('dropping');
    const files = [...(event.dataTransfer?.files || [])];
    if (files.length) onFiles(await Promise.all(files.map(read)));
  });
}

// The execution benchmark inside Pyodide under Node: the built site's vmcore.zip, imported
// as the page imports it, runs bench/bench_vm.py unchanged.
//
//   ./build.sh && node bench/bench_pyodide.mjs [--repeat N]
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const site = join(root, 'web', 'dist', 'pyodide');
const { loadPyodide } = await import(pathToFileURL(join(root, 'web', 'node_modules', 'pyodide', 'pyodide.mjs')).href);

const started = performance.now();
const pyodide = await loadPyodide({
  indexURL: join(root, 'web', 'node_modules', 'pyodide') + '/',
  lockFileURL: join(site, 'pyodide-lock.json'),
  stdLibURL: join(site, 'python_stdlib.zip'),
  stdout: (line) => console.log(line),
  stderr: (line) => console.error(line),
});
pyodide.FS.writeFile('/lib/vmcore.zip', readFileSync(join(site, 'vmcore.zip')));
pyodide.runPython("import sys; sys.path.insert(0, '/lib/vmcore.zip'); import vmcore");
console.log(`pyodide ${pyodide.version} ready with vmcore in ${((performance.now() - started) / 1000).toFixed(1)} s`);

pyodide.FS.mkdirTree('/bench');
pyodide.FS.writeFile('/bench/bench_vm.py', readFileSync(join(here, 'bench_vm.py')));
pyodide.FS.writeFile('/bench/bench.asm', readFileSync(join(root, '..', 'shared', 'bench', 'bench.asm')));
const repeat = process.argv.includes('--repeat') ? process.argv[process.argv.indexOf('--repeat') + 1] : '2';
await pyodide.runPythonAsync(`
import runpy, sys
sys.argv = ['bench_vm.py', '--bench', '/bench/bench.asm', '--repeat', '${Number(repeat)}']
runpy.run_path('/bench/bench_vm.py', run_name='__main__')
`);

// Build step: Python's code for the page, compiled ahead of time by the very CPython that
// runs in the page (Pyodide's, under Node), so that no start compiles Python source.
//
//   node web/pycompile.mjs PYODIDE_DIR WHEEL OUT_DIR
//
// Writes into OUT_DIR:
//   python_stdlib.zip  Pyodide's standard library, with every module that Pyodide's own
//                      start-up or vmcore imports as bytecode in place of its source (Pyodide
//                      ships source only, and compiling it was most of a first start);
//   vmcore.zip         the package, bytecode beside its source (for tracebacks), imported
//                      straight from the zip;
//   pyodide-lock.json  the lock file with Pyodide's ABI and no packages: the page loads no
//                      package through Pyodide's package manager.
// The bytecode is "unchecked hash-based" (PEP 552): used as it is, never compared with a
// source file's date.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [pyodideDir, wheel, out] = process.argv.slice(2).map((p) => resolve(p));
if (!out) {
  console.error('usage: node web/pycompile.mjs PYODIDE_DIR WHEEL OUT_DIR');
  process.exit(2);
}
const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, 'pyodide.mjs')).href);
const pyodide = await loadPyodide({ indexURL: pyodideDir + '/' });
pyodide.FS.mkdirTree('/build');
pyodide.FS.writeFile('/build/stdlib.zip', readFileSync(join(pyodideDir, 'python_stdlib.zip')));
pyodide.FS.writeFile('/build/vmcore.whl', readFileSync(wheel));

pyodide.runPython(`
import ast, importlib, importlib.util, pkgutil, sys, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

STDLIB = '/lib/python%d%d.zip' % sys.version_info[:2]   # where Pyodide puts it
VMCORE = '/lib/vmcore.zip'                               # where the page puts ours

def bytecode(source, filename):
    code = compile(source, filename, 'exec', dont_inherit=True)
    return bytes(_code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False))

def entry(name, date_time=(1980, 1, 1, 0, 0, 0)):
    info = zipfile.ZipInfo(name, date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info

# vmcore's modules, from the wheel.
with zipfile.ZipFile('/build/vmcore.whl') as whl:
    files = {n: whl.read(n) for n in whl.namelist() if n.startswith('vmcore/')}
with zipfile.ZipFile('/build/vmcore.zip', 'w', compresslevel=9) as z:
    for name, data in sorted(files.items()):
        z.writestr(entry(name), data)
        if name.endswith('.py'):
            z.writestr(entry(name + 'c'), bytecode(data, f'{VMCORE}/{name}'))

# Every standard module in use: those imported by now (Pyodide's start-up), by importing
# each vmcore module, and those any vmcore module names in an import inside a function.
sys.path.insert(0, '/build/vmcore.zip')
import vmcore
named = set()
for m in pkgutil.walk_packages(vmcore.__path__, 'vmcore.'):
    if m.name.endswith('__main__'):
        continue
    importlib.import_module(m.name)
    tree = ast.parse(files[m.name.replace('.', '/') + ('/__init__.py' if m.ispkg else '.py')])
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            named.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level:
            named.add(node.module)
for name in sorted(named):
    try:
        importlib.import_module(name)
    except ImportError:
        pass                        # the command line's terminal modules: not in Pyodide
in_use = set()
for name, module in list(sys.modules.items()):
    origin = getattr(getattr(module, '__spec__', None), 'origin', None) or ''
    if origin.startswith(STDLIB + '/'):
        in_use.add(origin[len(STDLIB) + 1:])

with zipfile.ZipFile('/build/stdlib.zip') as src, \\
        zipfile.ZipFile('/build/stdlib.out.zip', 'w', compresslevel=9) as dst:
    for info in src.infolist():
        data = src.read(info)
        if info.filename in in_use:
            dst.writestr(entry(info.filename + 'c', info.date_time),
                         bytecode(data, f'{STDLIB}/{info.filename}'))
        else:
            dst.writestr(info, data, compress_type=info.compress_type)
print(f'pycompile: {len(in_use)} standard modules and vmcore as bytecode')
`);

writeFileSync(join(out, 'python_stdlib.zip'), pyodide.FS.readFile('/build/stdlib.out.zip'));
writeFileSync(join(out, 'vmcore.zip'), pyodide.FS.readFile('/build/vmcore.zip'));
const { info } = JSON.parse(readFileSync(join(pyodideDir, 'pyodide-lock.json'), 'utf8'));
writeFileSync(join(out, 'pyodide-lock.json'), JSON.stringify({ info, packages: {} }));

"""What `lc3 run prog.obj` loads: only what running needs, so the command starts at once.
(How fast it starts is printed by bench/bench_cli.py; this checks what makes it fast.)"""
import os
import subprocess
import sys

from vmcore import assemble

from .conftest import ROOT

HELLO = '.ORIG x3000\nLEA R0, MSG\nPUTS\nHALT\nMSG .STRINGZ "hi"\n.END\n'

# Modules the run path must not import: the assembler (the OS image is prebuilt), the
# grader, and standard modules that cost milliseconds (dataclasses brings inspect and ast).
NOT_NEEDED = ("vmcore.assembler", "vmcore.osbuild", "vmcore.grading.grader",
              "vmcore.grading.exercise", "vmcore.explain", "vmcore.debugger", "dataclasses",
              "inspect", "shutil", "typing", "importlib.resources", "tomllib", "json")


def modules_after(tmp_path, *argv):
    code = ("import sys\nfrom vmcore.cli import main\nrc = main(sys.argv[1:])\n"
            "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True,
                       env=env, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    return r.stdout, set(r.stderr.split())


def test_running_an_object_file_loads_neither_the_assembler_nor_the_grader(tmp_path):
    (tmp_path / "hello.obj").write_bytes(assemble(HELLO).to_obj())
    (tmp_path / "hello.sym").write_text(assemble(HELLO).to_sym())
    out, modules = modules_after(tmp_path, "run", "hello.obj")
    assert out.startswith("hi")
    assert "vmcore.machine" in modules and "vmcore.osimage" in modules
    assert sorted(modules & set(NOT_NEEDED)) == []


def test_assembling_loads_the_assembler_but_not_the_machine(tmp_path):
    (tmp_path / "hello.asm").write_text(HELLO)
    _, modules = modules_after(tmp_path, "asm", "hello.asm")
    assert "vmcore.assembler" in modules and "vmcore.machine" not in modules
    assert (tmp_path / "hello.obj").read_bytes() == assemble(HELLO).to_obj()


def test_the_package_exports_are_there_when_asked_for():
    import vmcore
    from vmcore import AssemblyError, Program, assemble as asm, read_obj
    assert asm is assemble and Program.__name__ == "Program" and callable(read_obj)
    assert issubclass(AssemblyError, Exception)
    assert set(vmcore.__all__) <= set(dir(vmcore))


def test_lc3_run_file_alone_is_read_as_argparse_reads_it():
    from vmcore.cli import build_parser, quick_args
    for argv in (["run", "prog.obj"], ["run", "my dir/x.asm"], ["run", ""]):
        assert vars(quick_args(argv)) == vars(build_parser().parse_args(argv))
    for argv in (["run"], ["run", "-h"], ["run", "a.obj", "--stats"], ["asm", "a.asm"],
                 ["run", "--engine=interp"], []):
        assert quick_args(argv) is None


def test_running_an_object_file_does_not_load_argparse(tmp_path):
    (tmp_path / "hello.obj").write_bytes(assemble(HELLO).to_obj())
    _, modules = modules_after(tmp_path, "run", "hello.obj")
    assert "argparse" not in modules
    _, modules = modules_after(tmp_path, "run", "hello.obj", "--stats")
    assert "argparse" in modules

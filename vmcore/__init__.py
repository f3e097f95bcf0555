"""vmcore: the LC-3 machine, its assembler and disassembler, and everything a front end drives."""
# The names below are imported when first used, so that `lc3 run prog.obj` does not load the
# assembler; `from vmcore import assemble` works as usual.
_EXPORTS = {"assemble": "assembler", "AssemblyError": "diagnostics",
            "Diagnostic": "diagnostics", "ObjectFileError": "program", "Program": "program",
            "Segment": "program", "read_obj": "program", "read_sym": "program"}

__all__ = list(_EXPORTS)
__version__ = "0.1.0"


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'vmcore' has no attribute {name!r}")
    from importlib import import_module
    value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

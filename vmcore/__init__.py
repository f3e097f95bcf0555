"""vmcore: the LC-3 machine, its assembler and disassembler, and everything a front end drives."""
from .assembler import assemble
from .diagnostics import AssemblyError, Diagnostic
from .program import ObjectFileError, Program, Segment, read_obj, read_sym

__all__ = ["assemble", "AssemblyError", "Diagnostic", "ObjectFileError", "Program", "Segment",
           "read_obj", "read_sym"]
__version__ = "0.1.0"

"""`lc3 debug FILE`: an interactive debugger in the terminal, with lc3sim-like commands."""
from __future__ import annotations

import cmd
import re
import sys

from .assembler import literal_value
from .debugger import MAX_BACK, NOT_DONE, Debugger
from .disassembler import disassemble_word
from .keys import keys_from_text
from .machine import Machine, Stop
from .program import MEMORY_WORDS

RUN_SLICE = 200_000       # instructions between looks for Ctrl-C in long runs

HELP = """Addresses are x3000, #12288, 12288 or a label; :LINE means a source line.
  break [WHERE]        set a breakpoint (no WHERE: list them)   b
  delete WHERE|all     remove breakpoints                        del
  watch WHERE[-WHERE]  stop after a write to an address or range
  step [N]             execute N instructions (into calls)      s
  next                 step over JSR, JSRR and TRAP              n
  finish               run until the current subroutine returns  f
  continue             run to a breakpoint, watchpoint or end    c
  until WHERE          run to an address or line
  back [N]             step back N instructions                   bk
  rcontinue            back to the previous breakpoint hit       rc
  regs                 registers and condition codes              r
  mem WHERE [N]        N words of memory                          m
  dis [WHERE [N]]      disassemble (default: around the PC)       d
  set REG|WHERE VALUE  change a register or a memory word
  input TEXT           type keys for the program (\\n for Enter)
  stack                the call stack                             bt
  history              how far back you can step
  reset                boot the machine again
  quit                 leave                                      q"""


class DebugShell(cmd.Cmd):
    prompt = "(lc3) "

    def __init__(self, machine: Machine, stdin=None, stdout=None):
        super().__init__(stdin=stdin, stdout=stdout)
        self.machine = machine
        self.debugger = Debugger(machine)
        self.use_rawinput = stdin is None and sys.stdin is not None and sys.stdin.isatty()
        self.intro = (f"LC-3 debugger: {machine.program.filename if machine.program else ''} "
                      f"(edition {machine.edition}). 'help' lists the commands.")

    # -- parsing -------------------------------------------------------------------------
    def address(self, text: str) -> int:
        text = text.strip()
        if text.startswith(":"):
            found = self.debugger.address_of_line(int(text[1:]))
            if found is None:
                raise ValueError(f"no code at or after line {text[1:]}")
            return found[0]
        return self.number(text, labels=True)

    def number(self, text: str, labels: bool = False) -> int:
        value = self.debugger.resolve(text) if labels else literal_value(text.strip())
        if value is None:
            raise ValueError(f"'{text}' is not an address, a number or a label")
        return value

    def count(self, text: str, what: str, most: int) -> int:
        """A count typed by the user, from 1 to `most`."""
        n = self.number(text)
        if not 1 <= n <= most:
            raise ValueError(f"{what} takes a count from 1 to {most:,}, not {text.strip()}")
        return n

    def onecmd(self, line: str) -> bool:
        try:
            return super().onecmd(line)
        except ValueError as e:
            self.say(f"error: {e}")
        except KeyboardInterrupt:
            self.debugger.pause()
            self.say(f"\ninterrupted at x{self.machine.pc:04X}")
        return False

    def emptyline(self) -> bool:
        return False

    def default(self, line: str) -> bool:
        self.say(f"unknown command '{line.split()[0]}'; 'help' lists the commands")
        return False

    def say(self, text: str) -> None:
        self.flush_output()
        print(text, file=self.stdout)

    def flush_output(self) -> None:
        out = self.machine.console.take()
        if out:
            self.stdout.write(out.decode("latin-1"))
            if not out.endswith(b"\n"):
                self.stdout.write("\n")
            self.stdout.flush()

    # -- showing where we are ------------------------------------------------------------
    def where(self, stop: Stop) -> None:
        m = self.machine
        reason = {"breakpoint": "breakpoint", "watchpoint": "watchpoint", "step": "",
                  "halted": "halted", "input": "waiting for input (type: input TEXT)",
                  "history": "", "error": "error"}.get(stop.reason, stop.reason)
        if stop.reason in ("watchpoint", "error", "history"):
            reason = f"{reason}: {stop.message}" if reason else stop.message
        if m.fault is not None and stop.reason == "halted":
            reason = f"halted: {m.fault.message}"
        labels = self.debugger.labels()
        line = (f"x{m.pc:04X}  {self.debugger.describe(m.pc, labels):<14} "
                f"{disassemble_word(m.memory[m.pc], m.pc, labels)}")
        self.say(f"{line}    [{reason}]" if reason else line)

    def go(self, stop: Stop) -> None:
        """Finish a forward operation, in slices so that Ctrl-C can stop it."""
        while stop.reason == NOT_DONE and self.debugger.goal is not None:
            self.flush_output()
            stop = self.debugger.resume(RUN_SLICE)
        self.where(stop)

    # -- commands ------------------------------------------------------------------------
    def do_help(self, arg: str) -> bool:
        self.say(HELP)
        return False

    def do_break(self, arg: str) -> bool:
        if not arg.strip():
            labels = self.debugger.labels()
            for a in sorted(self.debugger.breakpoints):
                self.say(f"  x{a:04X}  {self.debugger.describe(a, labels)}")
            if not self.debugger.breakpoints:
                self.say("no breakpoints")
            return False
        a = self.address(arg)
        self.debugger.breakpoints.add(a)
        self.say(f"breakpoint at x{a:04X} ({self.debugger.describe(a)})")
        return False

    do_b = do_break

    def do_delete(self, arg: str) -> bool:
        if arg.strip() == "all":
            self.debugger.breakpoints.clear()
        else:
            self.debugger.breakpoints.discard(self.address(arg))
        return False

    do_del = do_delete

    def do_watch(self, arg: str) -> bool:
        low, _, high = arg.partition("-")
        lo = self.address(low)
        hi = self.address(high) if high else lo
        self.debugger.watch(lo, hi)
        self.say(f"watching writes to x{lo:04X}" + (f"-x{hi:04X}" if hi != lo else ""))
        return False

    def do_step(self, arg: str) -> bool:
        n = self.count(arg, "step", MAX_BACK) if arg.strip() else 1
        self.go(self.debugger.step(n, RUN_SLICE))
        return False

    do_s = do_step

    def do_next(self, arg: str) -> bool:
        self.go(self.debugger.step_over(RUN_SLICE))
        return False

    do_n = do_next

    def do_finish(self, arg: str) -> bool:
        self.go(self.debugger.step_out(RUN_SLICE))
        return False

    do_f = do_finish

    def do_continue(self, arg: str) -> bool:
        self.go(self.debugger.cont(RUN_SLICE))
        return False

    do_c = do_continue

    def do_until(self, arg: str) -> bool:
        self.go(self.debugger.run_to(self.address(arg), RUN_SLICE))
        return False

    def do_back(self, arg: str) -> bool:
        self.where(self.debugger.back(self.count(arg, "back", MAX_BACK) if arg.strip() else 1))
        return False

    do_bk = do_back

    def do_rcontinue(self, arg: str) -> bool:
        self.where(self.debugger.reverse_continue())
        return False

    do_rc = do_rcontinue

    def do_regs(self, arg: str) -> bool:
        m = self.machine
        regs = "  ".join(f"R{i}=x{v:04X}" for i, v in enumerate(m.reg))
        mode = "user" if m.user_mode else "supervisor"
        self.say(f"{regs}\nPC=x{m.pc:04X}  IR=x{m.ir:04X}  PSR=x{m.psr:04X} ({mode}, priority "
                 f"{m.priority}, {m.cc or '-'})  instructions={m.instructions:,}")
        return False

    do_r = do_regs

    def do_mem(self, arg: str) -> bool:
        parts = arg.split()
        if not parts:
            raise ValueError("mem needs an address")
        start = self.address(parts[0])
        count = self.count(parts[1], "mem", MEMORY_WORDS) if len(parts) > 1 else 8
        for k in range(0, count, 8):
            row = [self.machine.memory[(start + k + j) & 0xFFFF]
                   for j in range(min(8, count - k))]
            self.say(f"x{(start + k) & 0xFFFF:04X}: " + " ".join(f"x{w:04X}" for w in row))
        return False

    do_m = do_mem

    def do_dis(self, arg: str) -> bool:
        parts = arg.split()
        start = self.address(parts[0]) if parts else (self.machine.pc - 3) & 0xFFFF
        count = self.count(parts[1], "dis", MEMORY_WORDS) if len(parts) > 1 else 10
        for row in self.debugger.disassembly(start, count):
            mark = ">" if row["address"] == self.machine.pc else " "
            mark += "*" if row["breakpoint"] else " "
            self.say(f"{mark} x{row['address']:04X}  x{row['word']:04X}  {row['label']:<12} "
                     f"{row['text']}")
        return False

    do_d = do_dis
    do_list = do_dis

    def do_set(self, arg: str) -> bool:
        target, _, value = arg.strip().partition(" ")
        v = self.number(value, labels=True)
        if re.fullmatch(r"[rR][0-7]|[pP][cC]|[pP][sS][rR]", target):
            self.debugger.set_register(target, v)
        else:
            self.debugger.set_memory(self.address(target), v)
        self.say(f"{target} = x{v & 0xFFFF:04X}")
        return False

    def do_input(self, arg: str) -> bool:
        self.debugger.key(keys_from_text(arg))
        return False

    def do_stack(self, arg: str) -> bool:
        frames = self.debugger.call_stack()
        if not frames:
            self.say("no calls in progress")
        for depth, f in enumerate(reversed(frames)):
            self.say(f"#{depth}  {f.target_label:<24} {f.kind} from x{f.site:04X} "
                     f"({f.site_label}), returns to x{f.return_address:04X}")
        return False

    do_bt = do_stack

    def do_history(self, arg: str) -> bool:
        h = self.debugger.history_info()
        self.say(f"instructions {h['earliest']:,} to {h['frontier']:,} recorded (now at "
                 f"{h['now']:,}); {h['snapshots']} snapshots, {h['bytes'] / 1e6:.1f} MB")
        return False

    def do_reset(self, arg: str) -> bool:
        self.debugger.reset()
        self.where(Stop("step", self.machine.pc))
        return False

    def do_quit(self, arg: str) -> bool:
        return True

    do_q = do_quit
    do_EOF = do_quit


def debug(machine: Machine, stdin=None, stdout=None) -> int:
    shell = DebugShell(machine, stdin, stdout)
    shell.cmdloop()
    return 0


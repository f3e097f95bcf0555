; The LC-3 Playground operating system, 3rd edition (the LC3Tools machine).
;
; Boots at x0200 in supervisor mode with R6 = x3000 (the supervisor stack), fills the trap
; and interrupt/exception vector tables, then starts the user program in user mode by
; pushing its PSR and PC and executing RTI.  The loader writes the program's entry point
; into USER_PC.
;
; Trap routines touch only the device registers.  TRAP pushed PSR and PC and switched to the
; supervisor stack, so every routine saves what it uses on that stack and ends with RTI,
; which also restores the caller's condition codes.  Only R0 changes (GETC, IN).
; The loader appends common.asm, the subroutines both editions share, and .END.

        .ORIG x0200
BOOT    LD R6, SSP_TOP
        AND R0, R0, #0          ; trap table x0000-x00FF: every vector -> BAD_TRAP
        LD R1, P_BAD_TRAP
        JSR FILL256
        LD R1, P_BAD_INT        ; interrupt/exception table x0100-x01FF -> BAD_INT
        JSR FILL256
        LEA R3, VECTORS         ; then the vectors this OS serves: (address, routine) pairs
SET_V   LDR R0, R3, #0
        BRz START
        LDR R1, R3, #1
        STR R1, R0, #0
        ADD R3, R3, #2
        BRnzp SET_V
START   LD R0, USER_PSR         ; enter the program: RTI pops PC, then PSR (user mode)
        ADD R6, R6, #-1
        STR R0, R6, #0
        LD R0, USER_PC
        ADD R6, R6, #-1
        STR R0, R6, #0
        AND R0, R0, #0
        AND R1, R1, #0
        AND R2, R2, #0
        AND R3, R3, #0
        AND R4, R4, #0
        AND R5, R5, #0
        AND R7, R7, #0
        RTI

USER_PC     .FILL x3000         ; written by the loader
USER_PSR    .FILL x8002         ; user mode, priority 0, Z
SSP_TOP     .FILL x3000
P_BAD_TRAP  .FILL BAD_TRAP
P_BAD_INT   .FILL BAD_INT
VECTORS     .FILL x0020
            .FILL TRAP_GETC
            .FILL x0021
            .FILL TRAP_OUT
            .FILL x0022
            .FILL TRAP_PUTS
            .FILL x0023
            .FILL TRAP_IN
            .FILL x0024
            .FILL TRAP_PUTSP
            .FILL x0025
            .FILL TRAP_HALT
            .FILL x0100
            .FILL EX_PRIV
            .FILL x0101
            .FILL EX_ILLEGAL
            .FILL x0102
            .FILL EX_ACV
            .FILL #0

; GETC (x20): wait for a key; R0 = its code, without echo.
TRAP_GETC
        ADD R6, R6, #-1
        STR R1, R6, #0
GETC_W  LDI R1, A_KBSR
        BRzp GETC_W
        LDI R0, A_KBDR
        LDR R1, R6, #0
        ADD R6, R6, #1
        RTI

; OUT (x21): print the character in R0[7:0].
TRAP_OUT
        ADD R6, R6, #-1
        STR R1, R6, #0
OUT_W   LDI R1, A_DSR
        BRzp OUT_W
        STI R0, A_DDR
        LDR R1, R6, #0
        ADD R6, R6, #1
        RTI

; PUTS (x22): print the string at R0, one character per word, up to a x0000 word.
TRAP_PUTS
        ADD R6, R6, #-3
        STR R0, R6, #0
        STR R1, R6, #1
        STR R2, R6, #2
PUTS_C  LDR R1, R0, #0
        BRz PUTS_E
PUTS_W  LDI R2, A_DSR
        BRzp PUTS_W
        STI R1, A_DDR
        ADD R0, R0, #1
        BRnzp PUTS_C
PUTS_E  LDR R0, R6, #0
        LDR R1, R6, #1
        LDR R2, R6, #2
        ADD R6, R6, #3
        RTI

; IN (x23): prompt, wait for a key, echo it and a newline; R0 = its code.
TRAP_IN
        ADD R6, R6, #-3
        STR R1, R6, #0
        STR R2, R6, #1
        STR R3, R6, #2
        LEA R1, IN_MSG
IN_P    LDR R2, R1, #0
        BRz IN_K
IN_PW   LDI R3, A_DSR
        BRzp IN_PW
        STI R2, A_DDR
        ADD R1, R1, #1
        BRnzp IN_P
IN_K    LDI R3, A_KBSR
        BRzp IN_K
        LDI R0, A_KBDR
IN_EW   LDI R3, A_DSR
        BRzp IN_EW
        STI R0, A_DDR
        AND R2, R2, #0
        ADD R2, R2, #10
IN_NW   LDI R3, A_DSR
        BRzp IN_NW
        STI R2, A_DDR
        LDR R1, R6, #0
        LDR R2, R6, #1
        LDR R3, R6, #2
        ADD R6, R6, #3
        RTI

A_KBSR  .FILL xFE00
A_KBDR  .FILL xFE02
A_DSR   .FILL xFE04
A_DDR   .FILL xFE06
IN_MSG  .STRINGZ "\nInput a character> "

; PUTSP (x24): print the string at R0, two characters per word (low byte first), up to a
; zero byte.
TRAP_PUTSP
        ADD R6, R6, #-6
        STR R0, R6, #0
        STR R1, R6, #1
        STR R2, R6, #2
        STR R3, R6, #3
        STR R4, R6, #4
        STR R5, R6, #5
        LD R5, LOW_BYTE
PSP_C   LDR R1, R0, #0
        AND R2, R1, R5          ; low byte
        BRz PSP_E
PSP_W1  LDI R3, A_DSR
        BRzp PSP_W1
        STI R2, A_DDR
        AND R2, R2, #0          ; high byte: shift the top 8 bits in, one at a time
        AND R3, R3, #0
        ADD R3, R3, #8
PSP_S   ADD R2, R2, R2
        ADD R1, R1, #0
        BRzp PSP_S0
        ADD R2, R2, #1
PSP_S0  ADD R1, R1, R1
        ADD R3, R3, #-1
        BRp PSP_S
        ADD R2, R2, #0
        BRz PSP_E
PSP_W2  LDI R3, A_DSR
        BRzp PSP_W2
        STI R2, A_DDR
        ADD R0, R0, #1
        BRnzp PSP_C
PSP_E   LDR R0, R6, #0
        LDR R1, R6, #1
        LDR R2, R6, #2
        LDR R3, R6, #3
        LDR R4, R6, #4
        LDR R5, R6, #5
        ADD R6, R6, #6
        RTI
LOW_BYTE .FILL x00FF

; HALT (x25): print the banner, put every register back as the program left it, and stop
; the clock (STOP, in common.asm).
TRAP_HALT
        ADD R6, R6, #-4
        STR R0, R6, #0
        STR R1, R6, #1
        STR R2, R6, #2
        STR R7, R6, #3
        LEA R0, HALT_MSG
        JSR PRINT
        LDR R0, R6, #0
        LDR R1, R6, #1
        LDR R2, R6, #2
        LDR R7, R6, #3
        ADD R6, R6, #4
        BRnzp STOP
HALT_MSG  .STRINGZ "\n\n--- Halting the LC-3 ---\n\n"

; Exceptions and undefined traps: say so in LC3Tools' OS's words, then halt.  (The machine
; explains what went wrong, with the address, outside the console.)
EX_PRIV LEA R0, MSG_PRIV
        BRnzp EX_SAY
EX_ILLEGAL
        LEA R0, MSG_ILLEGAL
        BRnzp EX_SAY
EX_ACV  LEA R0, MSG_ACV
        BRnzp EX_SAY
BAD_INT LEA R0, MSG_BAD_INT     ; an interrupt or exception with no routine of its own
        BRnzp EX_SAY
BAD_TRAP
        LEA R0, MSG_BAD_TRAP
EX_SAY  JSR PRINT
        BRnzp TRAP_HALT

MSG_PRIV     .STRINGZ "\n\n--- Privilege violation ---\n\n"
MSG_ILLEGAL  .STRINGZ "\n\n--- Illegal opcode ---\n\n"
MSG_ACV      .STRINGZ "\n\n--- Access violation---\n\n"
MSG_BAD_INT  .STRINGZ "\n\n--- Undefined interrupt ---\n\n"
MSG_BAD_TRAP .STRINGZ "\n\n--- Undefined trap executed ---\n\n"

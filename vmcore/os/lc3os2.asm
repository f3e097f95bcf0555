; The LC-3 Playground operating system, 2nd edition (the lc3sim machine).
;
; Boots at x0200, fills the trap table, then jumps to the user program, whose entry point
; the loader writes into USER_PC.  The 2nd edition has no privilege levels, interrupts or
; exceptions: TRAP puts the return address in R7 and jumps through the trap table, and
; every routine returns with RET.  Routines keep what they use in memory, not on a stack
; (R6 belongs to the program), and change only R0 (GETC, IN) and R7 (TRAP itself).
; The loader appends common.asm, the subroutines both editions share, and .END.

        .ORIG x0200
BOOT    AND R0, R0, #0          ; trap table x0000-x00FF: every vector -> BAD_TRAP
        LD R1, P_BAD_TRAP
        JSR FILL256
        LEA R3, VECTORS         ; then the vectors this OS serves: (address, routine) pairs
SET_V   LDR R0, R3, #0
        BRz START
        LDR R1, R3, #1
        STR R1, R0, #0
        ADD R3, R3, #2
        BRnzp SET_V
START   LD R7, USER_PC
        AND R0, R0, #0
        AND R1, R1, #0
        AND R2, R2, #0
        AND R3, R3, #0
        AND R4, R4, #0
        AND R5, R5, #0
        JMP R7

USER_PC     .FILL x3000         ; written by the loader
P_BAD_TRAP  .FILL BAD_TRAP
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
            .FILL #0

; GETC (x20): wait for a key; R0 = its code, without echo.
TRAP_GETC
        ST R1, SAVE_R1
GETC_W  LDI R1, A_KBSR
        BRzp GETC_W
        LDI R0, A_KBDR
        LD R1, SAVE_R1
        RET

; OUT (x21): print the character in R0[7:0].
TRAP_OUT
        ST R1, SAVE_R1
OUT_W   LDI R1, A_DSR
        BRzp OUT_W
        STI R0, A_DDR
        LD R1, SAVE_R1
        RET

; PUTS (x22): print the string at R0, one character per word, up to a x0000 word.
TRAP_PUTS
        ST R0, SAVE_R0
        ST R1, SAVE_R1
        ST R2, SAVE_R2
PUTS_C  LDR R1, R0, #0
        BRz PUTS_E
PUTS_W  LDI R2, A_DSR
        BRzp PUTS_W
        STI R1, A_DDR
        ADD R0, R0, #1
        BRnzp PUTS_C
PUTS_E  LD R0, SAVE_R0
        LD R1, SAVE_R1
        LD R2, SAVE_R2
        RET

; IN (x23): prompt, wait for a key, echo it and a newline; R0 = its code.
TRAP_IN
        ST R1, SAVE_R1
        ST R2, SAVE_R2
        ST R3, SAVE_R3
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
        LD R1, SAVE_R1
        LD R2, SAVE_R2
        LD R3, SAVE_R3
        RET

SAVE_R0 .FILL #0
SAVE_R1 .FILL #0
SAVE_R2 .FILL #0
SAVE_R3 .FILL #0
SAVE_R4 .FILL #0
SAVE_R5 .FILL #0
A_KBSR  .FILL xFE00
A_KBDR  .FILL xFE02
A_DSR   .FILL xFE04
A_DDR   .FILL xFE06
IN_MSG  .STRINGZ "\nInput a character> "

; PUTSP (x24): print the string at R0, two characters per word (low byte first), up to a
; zero byte.
TRAP_PUTSP
        ST R0, SAVE_R0
        ST R1, SAVE_R1
        ST R2, SAVE_R2
        ST R3, SAVE_R3
        ST R5, SAVE_R5
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
PSP_E   LD R0, SAVE_R0
        LD R1, SAVE_R1
        LD R2, SAVE_R2
        LD R3, SAVE_R3
        LD R5, SAVE_R5
        RET
LOW_BYTE .FILL x00FF

; HALT (x25): print the banner, put every register back as the program left it, and stop
; the clock (STOP, in common.asm).
TRAP_HALT
        ST R0, SAVE_R0
        ST R1, SAVE_R1
        ST R2, SAVE_R2
        ST R7, HALT_R7
        LEA R0, HALT_MSG
        JSR PRINT
        LD R0, SAVE_R0
        LD R1, SAVE_R1
        LD R2, SAVE_R2
        LD R7, HALT_R7
        BRnzp STOP
HALT_R7   .FILL #0
HALT_MSG  .STRINGZ "\n\n--- halting the LC-3 ---\n\n"

; A TRAP whose vector has no routine: lc3sim's OS's words, then halt.
BAD_TRAP
        LEA R0, MSG_BAD_TRAP
        JSR PRINT
        BRnzp TRAP_HALT

MSG_BAD_TRAP .STRINGZ "\n\n--- undefined trap executed ---\n\n"

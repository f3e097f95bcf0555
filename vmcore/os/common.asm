; Subroutines both editions of the OS use: for filling a vector table at boot, and for
; their own messages.  The loader assembles each edition's source with this one appended,
; then .END (vmcore.machine.os_image).

; FILL256: the 256 words from R0 on <- R1; R0 ends just past them (uses R2, R7).
FILL256 LD R2, N32
FILL_L  STR R1, R0, #0          ; eight entries a time round
        STR R1, R0, #1
        STR R1, R0, #2
        STR R1, R0, #3
        STR R1, R0, #4
        STR R1, R0, #5
        STR R1, R0, #6
        STR R1, R0, #7
        ADD R0, R0, #8
        ADD R2, R2, #-1
        BRp FILL_L
        RET
N32     .FILL #32               ; 256 entries, eight at a time

; PRINT: the string at R0 (a subroutine for the OS's own messages; uses R0-R2, R7).
PRINT   LDR R1, R0, #0
        BRz PRINT_E
PRINT_W LDI R2, A_DSR2
        BRzp PRINT_W
        STI R1, A_DDR2
        ADD R0, R0, #1
        BRnzp PRINT
PRINT_E RET

; STOP: clear MCR[15], the clock, without changing a register.  MCR takes any word whose
; bit 15 is clear, so the first register that holds one is written; only when all eight
; are negative does R0 change (to x0000).  A machine started again halts again.
STOP    ADD R0, R0, #0
        BRzp STOP_0
        ADD R1, R1, #0
        BRzp STOP_1
        ADD R2, R2, #0
        BRzp STOP_2
        ADD R3, R3, #0
        BRzp STOP_3
        ADD R4, R4, #0
        BRzp STOP_4
        ADD R5, R5, #0
        BRzp STOP_5
        ADD R6, R6, #0
        BRzp STOP_6
        ADD R7, R7, #0
        BRzp STOP_7
        AND R0, R0, #0
STOP_0  STI R0, A_MCR2
        BRnzp STOP
STOP_1  STI R1, A_MCR2
        BRnzp STOP
STOP_2  STI R2, A_MCR2
        BRnzp STOP
STOP_3  STI R3, A_MCR2
        BRnzp STOP
STOP_4  STI R4, A_MCR2
        BRnzp STOP
STOP_5  STI R5, A_MCR2
        BRnzp STOP
STOP_6  STI R6, A_MCR2
        BRnzp STOP
STOP_7  STI R7, A_MCR2
        BRnzp STOP

A_DSR2      .FILL xFE04
A_DDR2      .FILL xFE06
A_MCR2      .FILL xFFFE

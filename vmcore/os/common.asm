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

A_DSR2      .FILL xFE04
A_DDR2      .FILL xFE06

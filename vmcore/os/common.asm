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

; PRINT_HEX: R0 as "x" and four hex digits (uses R0-R5, R7).
PRINT_HEX
        ADD R3, R0, #0
        LD R0, CHAR_X
        ST R7, HEX_R7
        JSR PUTC
        AND R4, R4, #0
        ADD R4, R4, #4          ; four digits
HEX_D   AND R0, R0, #0
        AND R5, R5, #0
        ADD R5, R5, #4          ; four bits each, from the top
HEX_B   ADD R0, R0, R0
        ADD R3, R3, #0
        BRzp HEX_B0
        ADD R0, R0, #1
HEX_B0  ADD R3, R3, R3
        ADD R5, R5, #-1
        BRp HEX_B
        ADD R5, R0, #-10
        BRn HEX_09
        ADD R0, R0, #7          ; 'A' - '0' - 10
HEX_09  LD R5, CHAR_0
        ADD R0, R0, R5
        JSR PUTC
        ADD R4, R4, #-1
        BRp HEX_D
        LD R7, HEX_R7
        RET
HEX_R7  .FILL #0

; PUTC: the character in R0 (uses R2).
PUTC    LDI R2, A_DSR2
        BRzp PUTC
        STI R0, A_DDR2
        RET

A_DSR2      .FILL xFE04
A_DDR2      .FILL xFE06
CHAR_X      .FILL x0078
CHAR_0      .FILL x0030

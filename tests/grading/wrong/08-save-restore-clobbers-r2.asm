; should fail: registers come back
; Uses R2 and R3 without saving them: right answer, but the caller's R2 is gone (and R3
; comes back as zero, which went unnoticed while every register started at zero).
        .ORIG x3000
        LD R0, SIX
        LD R1, SEVEN
        JSR MULTIPLY
        HALT
SIX     .FILL #6
SEVEN   .FILL #7

MULTIPLY
        ADD R2, R0, #0
        AND R0, R0, #0
        ADD R3, R1, #0
        BRz MUL_DONE
MUL_LOOP
        ADD R0, R0, R2
        ADD R3, R3, #-1
        BRp MUL_LOOP
MUL_DONE
        RET
        .END

; should fail: all negative
; The maximum starts at 0, which is larger than every number of an all-negative array.
        .ORIG x3000
        LEA R1, ARRAY
        LD R2, COUNT
        AND R3, R3, #0
        AND R4, R4, #0
LOOP    LDR R0, R1, #0
        ADD R3, R3, R0
        NOT R5, R4
        ADD R5, R5, #1
        ADD R5, R0, R5
        BRnz NOTMAX
        ADD R4, R0, #0
NOTMAX  ADD R1, R1, #1
        ADD R2, R2, #-1
        BRp LOOP
        ST R3, SUM
        ST R4, MAX
        HALT
COUNT   .FILL #5
ARRAY   .FILL #3
        .FILL #1
        .FILL #4
        .FILL #1
        .FILL #5
        .BLKW #15
SUM     .BLKW 1
MAX     .BLKW 1
        .END

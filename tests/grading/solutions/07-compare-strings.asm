; RESULT <- 0 if S1 = S2, -1 if S1 comes before S2, 1 if after.
        .ORIG x3000
        LEA R1, S1
        LEA R2, S2
LOOP    LDR R3, R1, #0
        LDR R4, R2, #0
        NOT R5, R4          ; R5 = R3 - R4
        ADD R5, R5, #1
        ADD R5, R3, R5
        BRn BEFORE
        BRp AFTER
        ADD R3, R3, #0      ; the same character: was it the end of both?
        BRz SAME
        ADD R1, R1, #1
        ADD R2, R2, #1
        BRnzp LOOP
BEFORE  AND R0, R0, #0
        ADD R0, R0, #-1
        BRnzp DONE
AFTER   AND R0, R0, #0
        ADD R0, R0, #1
        BRnzp DONE
SAME    AND R0, R0, #0
DONE    ST R0, RESULT
        HALT
RESULT  .BLKW 1
S1      .STRINGZ "cat"
        .BLKW #30
S2      .STRINGZ "car"
        .BLKW #30
        .END

; should fail: a prefix comes first
; Stops comparing when S1 ends and calls the strings equal, so "ca" and "cat" look equal.
        .ORIG x3000
        LEA R1, S1
        LEA R2, S2
LOOP    LDR R3, R1, #0
        BRz SAME
        LDR R4, R2, #0
        NOT R5, R4
        ADD R5, R5, #1
        ADD R5, R3, R5
        BRn BEFORE
        BRp AFTER
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

; should fail: 5!
; Pops one word too many on the way out: R6 ends at the argument, above the return value.
        .ORIG x3000
        AND R0, R0, #0
        ADD R0, R0, #5
        ADD R6, R6, #-1
        STR R0, R6, #0
        JSR FACT
        LDR R0, R6, #0
        ADD R6, R6, #2
        HALT

FACT    ADD R6, R6, #-1
        ADD R6, R6, #-1
        STR R7, R6, #0
        ADD R6, R6, #-1
        STR R5, R6, #0
        ADD R5, R6, #-1
        LDR R0, R5, #4
        BRp RECURSE
        AND R0, R0, #0
        ADD R0, R0, #1
        BRnzp RETURN
RECURSE ADD R0, R0, #-1
        ADD R6, R6, #-1
        STR R0, R6, #0
        JSR FACT
        LDR R1, R6, #-1
        ADD R6, R6, #1
        LDR R2, R5, #4
        AND R0, R0, #0
MULT    ADD R0, R0, R1
        ADD R2, R2, #-1
        BRp MULT
RETURN  STR R0, R5, #3
        ADD R6, R5, #1
        LDR R5, R6, #0
        ADD R6, R6, #1
        LDR R7, R6, #0
        ADD R6, R6, #2      ; one too many: R6 points at the argument, not the return value
        RET
        .END

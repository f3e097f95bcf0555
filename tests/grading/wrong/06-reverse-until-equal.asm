; should fail: even length
; Stops only when the pointers are equal; with an even length they cross without ever
; being equal, and the loop swaps its way back and out of the string.
        .ORIG x3000
        LEA R1, TEXT
        ADD R2, R1, #0
FIND    LDR R0, R2, #0
        BRz FOUND
        ADD R2, R2, #1
        BRnzp FIND
FOUND   ADD R2, R2, #-1
SWAP    NOT R3, R1
        ADD R3, R3, #1
        ADD R3, R2, R3
        BRz DONE
        LDR R4, R1, #0
        LDR R5, R2, #0
        STR R5, R1, #0
        STR R4, R2, #0
        ADD R1, R1, #1
        ADD R2, R2, #-1
        BRnzp SWAP
DONE    HALT
TEXT     .STRINGZ "stressed"
        .BLKW #40
        .END

; Reverse the zero-terminated string at TEXT in place.
        .ORIG x3000
        LEA R1, TEXT         ; R1: the left pointer
        ADD R2, R1, #0      ; R2: moves to the zero, then back one: the right pointer
FIND    LDR R0, R2, #0
        BRz FOUND
        ADD R2, R2, #1
        BRnzp FIND
FOUND   ADD R2, R2, #-1
SWAP    NOT R3, R1          ; R3 = R2 - R1: stop when the pointers meet or cross
        ADD R3, R3, #1
        ADD R3, R2, R3
        BRnz DONE
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

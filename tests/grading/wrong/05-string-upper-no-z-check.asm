; should fail: just past the letters
; Checks only that a character is 'a' or above, so '{' (just after 'z') becomes '['.
        .ORIG x3000
        LEA R1, TEXT
        AND R2, R2, #0
        LD R3, MINUS_A
LOOP    LDR R0, R1, #0
        BRz DONE
        ADD R2, R2, #1
        ADD R5, R0, R3
        BRn NEXT
        LD R5, MINUS_32
        ADD R0, R0, R5
        STR R0, R1, #0
NEXT    ADD R1, R1, #1
        BRnzp LOOP
DONE    ST R2, LENGTH
        HALT
MINUS_A .FILL #-97
MINUS_32 .FILL #-32
LENGTH  .BLKW 1
TEXT     .STRINGZ "hello"
        .BLKW #40
        .END

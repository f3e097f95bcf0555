; LENGTH <- the length of the string at TEXT; lower-case letters in TEXT made upper case.
        .ORIG x3000
        LEA R1, TEXT         ; R1: the current character's address
        AND R2, R2, #0      ; R2: the length so far
        LD R3, MINUS_A      ; R3 = -'a'
        LD R4, MINUS_Z      ; R4 = -'z'
LOOP    LDR R0, R1, #0
        BRz DONE
        ADD R2, R2, #1
        ADD R5, R0, R3      ; below 'a'?
        BRn NEXT
        ADD R5, R0, R4      ; above 'z'?
        BRp NEXT
        LD R5, MINUS_32
        ADD R0, R0, R5
        STR R0, R1, #0
NEXT    ADD R1, R1, #1
        BRnzp LOOP
DONE    ST R2, LENGTH
        HALT
MINUS_A .FILL #-97
MINUS_Z .FILL #-122
MINUS_32 .FILL #-32
LENGTH  .BLKW 1
TEXT     .STRINGZ "hello"
        .BLKW #40
        .END

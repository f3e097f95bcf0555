; COUNT <- the number of 1 bits in VALUE.
        .ORIG x3000
        AND R0, R0, #0      ; R0: the count
        LD R1, VALUE        ; R1: the bits, shifted left each time round
        AND R2, R2, #0
        ADD R2, R2, #8
        ADD R2, R2, #8      ; R2: 16 bits to look at
LOOP    ADD R1, R1, #0      ; sets N when the top bit is 1
        BRzp NEXT
        ADD R0, R0, #1
NEXT    ADD R1, R1, R1      ; shift left
        ADD R2, R2, #-1
        BRp LOOP
        ST R0, COUNT
        HALT
VALUE   .FILL x00F0
COUNT   .BLKW 1
        .END

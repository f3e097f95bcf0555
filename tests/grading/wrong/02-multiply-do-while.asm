; should fail: times zero
; The loop adds before it tests the count, so B = 0 still adds A once.
        .ORIG x3000
        AND R0, R0, #0
        LD R1, A
        LD R2, B
LOOP    ADD R0, R0, R1
        ADD R2, R2, #-1
        BRp LOOP
        ST R0, PRODUCT
        HALT
A       .FILL #6
B       .FILL #7
PRODUCT .BLKW 1
        .END

; PRODUCT <- A * B, for B >= 0, by adding A to itself B times.
        .ORIG x3000
        AND R0, R0, #0      ; R0: the running total
        LD R1, A
        LD R2, B            ; R2: additions still to do
        BRz DONE            ; B = 0: nothing to add
LOOP    ADD R0, R0, R1
        ADD R2, R2, #-1
        BRp LOOP
DONE    ST R0, PRODUCT
        HALT
A       .FILL #6
B       .FILL #7
PRODUCT .BLKW 1
        .END

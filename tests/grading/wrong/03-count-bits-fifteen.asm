; should fail: eight bits
; Off by one: the loop looks at 15 bits, so bit 0 is never counted.
        .ORIG x3000
        AND R0, R0, #0
        LD R1, VALUE
        AND R2, R2, #0
        ADD R2, R2, #15
LOOP    ADD R1, R1, #0
        BRzp NEXT
        ADD R0, R0, #1
NEXT    ADD R1, R1, R1
        ADD R2, R2, #-1
        BRp LOOP
        ST R0, COUNT
        HALT
VALUE   .FILL x00F0
COUNT   .BLKW 1
        .END

; MULTIPLY: R0 <- R0 * R1 (R1 >= 0); every register but R0 comes back unchanged.
        .ORIG x3000
        LD R0, SIX
        LD R1, SEVEN
        JSR MULTIPLY
        HALT
SIX     .FILL #6
SEVEN   .FILL #7

MULTIPLY
        ST R2, SAVE_R2      ; R2 and R3 are ours to use only once saved
        ST R3, SAVE_R3
        ADD R2, R0, #0      ; R2: what to add each time
        AND R0, R0, #0      ; R0: the total
        ADD R3, R1, #0      ; R3: additions left
        BRz MUL_DONE
MUL_LOOP
        ADD R0, R0, R2
        ADD R3, R3, #-1
        BRp MUL_LOOP
MUL_DONE
        LD R2, SAVE_R2
        LD R3, SAVE_R3
        RET
SAVE_R2 .BLKW 1
SAVE_R3 .BLKW 1
        .END

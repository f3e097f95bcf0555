; Subtract: R2 <- R0 - R1, using only ADD, AND and NOT.
        .ORIG x3000
        NOT R2, R1          ; R2 = -R1 - 1
        ADD R2, R2, #1      ; R2 = -R1
        ADD R2, R0, R2      ; R2 = R0 - R1
        HALT
        .END

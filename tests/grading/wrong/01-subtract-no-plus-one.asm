; should fail: 7 - 3
; NOT alone gives -R1 - 1: the answer is one too small.
        .ORIG x3000
        NOT R2, R1
        ADD R2, R0, R2
        HALT
        .END

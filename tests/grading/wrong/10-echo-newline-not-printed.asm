; should fail: a short line
; Tests for the newline before printing it, so the newline itself is never echoed.
        .ORIG x3000
KEY     LDI R1, KBSR
        BRzp KEY
        LDI R0, KBDR
        ADD R2, R0, #-10
        BRz DONE
SHOW    LDI R1, DSR
        BRzp SHOW
        STI R0, DDR
        BRnzp KEY
DONE    HALT
KBSR    .FILL xFE00
KBDR    .FILL xFE02
DSR     .FILL xFE04
DDR     .FILL xFE06
        .END

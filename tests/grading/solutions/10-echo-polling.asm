; Echo keys to the display, polling KBSR/KBDR and DSR/DDR, up to and including a newline.
        .ORIG x3000
KEY     LDI R1, KBSR        ; wait until a key is ready (bit 15 makes the word negative)
        BRzp KEY
        LDI R0, KBDR        ; take it
SHOW    LDI R1, DSR         ; wait until the display is ready
        BRzp SHOW
        STI R0, DDR         ; print it
        ADD R2, R0, #-10    ; was it the newline?
        BRnp KEY
        HALT
KBSR    .FILL xFE00
KBDR    .FILL xFE02
DSR     .FILL xFE04
DDR     .FILL xFE06
        .END

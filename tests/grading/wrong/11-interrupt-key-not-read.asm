; should fail: one key
; The routine never reads KBDR, so the key stays ready and interrupts again the moment the
; routine returns: the main program never runs another instruction.
        .ORIG x3000
        LD R0, ISR_ADDR
        STI R0, VECTOR
        LD R0, IE
        STI R0, KBSR
WAIT    LD R0, LAST
        LD R1, MINUS_Q
        ADD R0, R0, R1
        BRnp WAIT
        AND R0, R0, #0
        STI R0, KBSR
        HALT

ISR     ST R1, SAVE_R1
        LD R1, COUNT
        ADD R1, R1, #1
        ST R1, COUNT
        LD R1, SAVE_R1
        RTI

COUNT   .FILL #0
LAST    .FILL #0
ISR_ADDR .FILL ISR
VECTOR  .FILL x0180
IE      .FILL x4000
KBSR    .FILL xFE00
MINUS_Q .FILL #-113
SAVE_R1 .BLKW 1
        .END

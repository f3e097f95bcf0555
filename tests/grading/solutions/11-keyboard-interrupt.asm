; Count keys with a keyboard interrupt; stop at 'q'.
        .ORIG x3000
        LD R0, ISR_ADDR     ; the keyboard's vector x80 -> ISR
        STI R0, VECTOR
        LD R0, IE           ; KBSR[14]: interrupt when a key arrives
        STI R0, KBSR
WAIT    LD R0, LAST         ; wait for 'q'
        LD R1, MINUS_Q
        ADD R0, R0, R1
        BRnp WAIT
        AND R0, R0, #0      ; interrupts off again
        STI R0, KBSR
        HALT

; The interrupt service routine: runs between any two instructions of the main program,
; so it leaves every register (and, through RTI, the condition codes) as it found them.
ISR     ST R0, SAVE_R0
        ST R1, SAVE_R1
        LDI R0, KBDR        ; take the key: this clears KBSR[15]
        ST R0, LAST
        LD R1, COUNT
        ADD R1, R1, #1
        ST R1, COUNT
        LD R0, SAVE_R0
        LD R1, SAVE_R1
        RTI

COUNT   .FILL #0
LAST    .FILL #0
ISR_ADDR .FILL ISR
VECTOR  .FILL x0180
IE      .FILL x4000
KBSR    .FILL xFE00
KBDR    .FILL xFE02
MINUS_Q .FILL #-113
SAVE_R0 .BLKW 1
SAVE_R1 .BLKW 1
        .END

; Keyboard interrupts (3rd edition machine).
; The main loop never reads the keyboard.  Instead the keyboard interrupts it: the machine
; saves PSR and PC on the supervisor stack and jumps to the routine whose address is in the
; interrupt vector table at x0180.  The routine stores the key and returns with RTI.
; Type five keys; the main loop notices each one the routine stored.
        .ORIG x3000
        LD R0, ISR_ADDR
        STI R0, KBD_VECTOR      ; x0180 <- address of KEY_ISR
        LD R0, ENABLE
        STI R0, KBSR_ADDR       ; KBSR bit 14 on: the keyboard may interrupt
        LEA R0, INTRO
        PUTS
        AND R5, R5, #0          ; R5 = keys the main loop has reported
MAIN    ADD R4, R4, #1          ; busy "working" (watch R4 in the debugger)
        LD R1, COUNT            ; how many keys has the routine stored?
        NOT R2, R5
        ADD R2, R2, #1
        ADD R2, R1, R2          ; R2 = COUNT - reported
        BRz MAIN
        LEA R0, GOT
        PUTS
        LEA R3, KEYS
        ADD R3, R3, R5
        LDR R0, R3, #0          ; the key the routine stored
        OUT
        LD R0, NEWLINE
        OUT
        ADD R5, R5, #1
        ADD R2, R5, #-5
        BRn MAIN
        AND R0, R0, #0
        STI R0, KBSR_ADDR       ; interrupts off again
        LEA R0, DONE
        PUTS
        HALT

; The interrupt service routine: runs in supervisor mode at priority 4, on the supervisor
; stack, between two instructions of the main loop.  It must leave every register as it was.
KEY_ISR ADD R6, R6, #-2         ; save R0 and R1 on the (supervisor) stack
        STR R0, R6, #0
        STR R1, R6, #1
        LDI R0, KBDR_ADDR       ; reading KBDR takes the key (and clears KBSR[15])
        LD R1, COUNT
        ADD R1, R1, #-5
        BRzp FULL               ; keep at most five
        LEA R1, KEYS
        ST R0, TEMP
        LD R0, COUNT
        ADD R1, R1, R0          ; R1 = &KEYS[COUNT]
        LD R0, TEMP
        STR R0, R1, #0
        LD R1, COUNT
        ADD R1, R1, #1
        ST R1, COUNT
FULL    LDR R0, R6, #0
        LDR R1, R6, #1
        ADD R6, R6, #2
        RTI                     ; back to exactly where the main loop was

ISR_ADDR   .FILL KEY_ISR
KBD_VECTOR .FILL x0180
KBSR_ADDR  .FILL xFE00
KBDR_ADDR  .FILL xFE02
ENABLE     .FILL x4000
NEWLINE    .FILL x000A
COUNT      .FILL #0
TEMP       .FILL #0
KEYS       .BLKW #5
INTRO      .STRINGZ "Working... type five keys.\n"
GOT        .STRINGZ "The interrupt routine got: "
DONE       .STRINGZ "Five keys, and the main loop never polled the keyboard.\n"
        .END

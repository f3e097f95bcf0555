; Snake: steer with w a s d, eat the red food, do not hit the walls or yourself.
; The display is a grid of 4 x 4 pixel cells, 32 across and 31 down.  The snake's cells
; are kept in two arrays used as a ring: HEAD is where the next cell goes, TAIL the oldest.
; The timer sets the pace; the keyboard is polled between ticks, so the snake keeps moving.
; What is on a cell is read back from video memory: black is empty.
        .ORIG x3000
        LD R6, STACK
        LD R0, TICK
        STI R0, TMI_A
        LEA R0, HELP
        PUTS
        AND R0, R0, #0          ; the snake: three cells at (8,15), (9,15), (10,15)
        ADD R0, R0, #8
START   ST R0, CX
        AND R1, R1, #0
        ADD R1, R1, #15
        ST R1, CY
        JSR GROW
        LD R0, CX
        ADD R0, R0, #1
        ADD R1, R0, #-11
        BRn START
        JSR FOOD

STEP    LDI R0, KBSR_A          ; a key waiting?  (the snake does not wait for one)
        BRzp TICKED
        LDI R0, KBDR_A
        JSR STEER
TICKED  LDI R0, TMR_A           ; time for the next step?
        BRzp STEP
        LD R0, HX               ; the new head: one cell on in the direction of travel
        LD R1, DX
        ADD R0, R0, R1
        BRn CRASH               ; off the left
        ADD R2, R0, #-16
        ADD R2, R2, #-16
        BRzp CRASH              ; off the right (x >= 32)
        ST R0, CX
        LD R0, HY
        LD R1, DY
        ADD R0, R0, R1
        BRn CRASH
        ADD R2, R0, #-16
        ADD R2, R2, #-15
        BRzp CRASH              ; off the bottom (y >= 31)
        ST R0, CY
        JSR CELLADDR            ; what is there?
        LDR R1, R3, #0
        BRz EMPTY
        LD R2, FOODC
        NOT R2, R2
        ADD R2, R2, #1
        ADD R2, R1, R2
        BRnp CRASH              ; not food: the snake itself
        JSR GROW                ; food: grow, score, new food
        LD R0, SCORE
        ADD R0, R0, #1
        ST R0, SCORE
        JSR FOOD
        BRnzp STEP
EMPTY   JSR GROW                ; move: a new head ...
        JSR SHRINK              ; ... and the tail follows
        BRnzp STEP

CRASH   AND R0, R0, #0
        STI R0, TMI_A           ; timer off
        LEA R0, OVER
        PUTS
        LD R0, SCORE            ; the score, in decimal
        AND R1, R1, #0
TENS    ADD R0, R0, #-10
        BRn ONES
        ADD R1, R1, #1
        BRnzp TENS
ONES    ADD R2, R0, #10
        LD R0, ZERO
        ADD R0, R0, R1
        OUT
        LD R0, ZERO
        ADD R0, R0, R2
        OUT
        LD R0, NEWLINE
        OUT
        HALT

; STEER: turn according to the key in R0 (never straight back into the body).
STEER   LD R1, K_W
        ADD R1, R0, R1
        BRnp ST_S
        LD R1, DY
        BRp ST_DONE
        AND R1, R1, #0
        ST R1, DX
        ADD R1, R1, #-1
        ST R1, DY
        RET
ST_S    LD R1, K_S
        ADD R1, R0, R1
        BRnp ST_A
        LD R1, DY
        BRn ST_DONE
        AND R1, R1, #0
        ST R1, DX
        ADD R1, R1, #1
        ST R1, DY
        RET
ST_A    LD R1, K_A
        ADD R1, R0, R1
        BRnp ST_D
        LD R1, DX
        BRp ST_DONE
        AND R1, R1, #0
        ST R1, DY
        ADD R1, R1, #-1
        ST R1, DX
        RET
ST_D    LD R1, K_D
        ADD R1, R0, R1
        BRnp ST_DONE
        LD R1, DX
        BRn ST_DONE
        AND R1, R1, #0
        ST R1, DY
        ADD R1, R1, #1
        ST R1, DX
ST_DONE RET

; GROW: (CX, CY) becomes the head: remember it in the ring and paint it green.
GROW    ST R7, SAVE7
        LD R0, CX
        ST R0, HX
        LD R1, CY
        ST R1, HY
        LD R2, HEAD
        LEA R3, RINGX
        ADD R3, R3, R2
        STR R0, R3, #0
        LD R3, RINGY_P
        ADD R3, R3, R2
        STR R1, R3, #0
        ADD R2, R2, #1
        LD R3, RINGMASK
        AND R2, R2, R3
        ST R2, HEAD
        LD R2, SNAKEC
        JSR PAINT
        LD R7, SAVE7
        RET

; SHRINK: the oldest cell leaves the ring and is painted black.
SHRINK  ST R7, SAVE7
        LD R2, TAIL
        LEA R3, RINGX
        ADD R3, R3, R2
        LDR R0, R3, #0
        ST R0, CX
        LD R3, RINGY_P
        ADD R3, R3, R2
        LDR R0, R3, #0
        ST R0, CY
        ADD R2, R2, #1
        LD R3, RINGMASK
        AND R2, R2, R3
        ST R2, TAIL
        AND R2, R2, #0
        JSR PAINT
        LD R7, SAVE7
        RET

; FOOD: a random empty cell becomes food (red).
FOOD    ST R7, SAVE7
AGAIN   LD R0, SEED             ; seed = 5 * seed + 13849 (wraps at 16 bits)
        ADD R1, R0, R0
        ADD R1, R1, R1
        ADD R0, R1, R0
        LD R1, INC
        ADD R0, R0, R1
        ST R0, SEED
        AND R1, R0, #15         ; x: 0..31 from two nibbles
        ADD R1, R1, R1
        ADD R2, R0, #0
        BRzp FX
        ADD R1, R1, #1
FX      ST R1, CX
        AND R1, R0, #15         ; y: 0..30
        ADD R2, R0, R0
        BRzp FY
        ADD R1, R1, #15
FY      ST R1, CY
        JSR CELLADDR
        LDR R1, R3, #0
        BRnp AGAIN              ; taken: try another
        LD R2, FOODC
        JSR PAINT
        LD R7, SAVE7
        RET

; CELLADDR: R3 = the address of cell (CX, CY)'s top left pixel
;         = xC000 + 4*128*CY + 4*CX
CELLADDR
        LD R3, CY
        AND R4, R4, #0
        ADD R4, R4, #9          ; * 512
CA_MUL  ADD R3, R3, R3
        ADD R4, R4, #-1
        BRp CA_MUL
        LD R4, CX
        ADD R4, R4, R4
        ADD R4, R4, R4          ; * 4
        ADD R3, R3, R4
        LD R4, VIDEO
        ADD R3, R3, R4
        RET

; PAINT: fill cell (CX, CY) with colour R2.
PAINT   ST R7, PAINT7
        JSR CELLADDR
        AND R4, R4, #0
        ADD R4, R4, #4
P_ROW   STR R2, R3, #0
        STR R2, R3, #1
        STR R2, R3, #2
        STR R2, R3, #3
        LD R5, ROWLEN
        ADD R3, R3, R5
        ADD R4, R4, #-1
        BRp P_ROW
        LD R7, PAINT7
        RET

CX      .FILL #0
CY      .FILL #0
HX      .FILL #0
HY      .FILL #0
DX      .FILL #1
DY      .FILL #0
HEAD    .FILL #0
TAIL    .FILL #0
SCORE   .FILL #0
SEED    .FILL x2B5D
INC     .FILL #13849
RINGMASK .FILL x00FF
RINGY_P .FILL RINGY
SAVE7   .FILL #0
PAINT7  .FILL #0
SNAKEC  .FILL x03E0             ; green
FOODC   .FILL x7C00             ; red
TICK    .FILL #120
ROWLEN  .FILL #128
VIDEO   .FILL xC000
STACK   .FILL xBFFF
TMR_A   .FILL xFE08
TMI_A   .FILL xFE0A
KBSR_A  .FILL xFE00
KBDR_A  .FILL xFE02
K_W     .FILL #-119
K_S     .FILL #-115
K_A     .FILL #-97
K_D     .FILL #-100
ZERO    .FILL x0030
NEWLINE .FILL x000A
HELP    .STRINGZ "Snake: click the display, steer with w a s d.\n"
OVER    .STRINGZ "Game over! Score: "
RINGX   .BLKW #256
RINGY   .BLKW #256
        .END

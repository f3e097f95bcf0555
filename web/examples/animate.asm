; Timer-driven animation: a square bounces round the display, one step per timer tick.
; The timer (PennSim's): write an interval in milliseconds to TMI at xFE0A, and TMR at
; xFE08 has bit 15 set each time it has elapsed (reading TMR clears it).
; The square changes colour at every bounce.  Press any key to stop.
        .ORIG x3000
        LD R6, STACK
        LD R0, TICK
        STI R0, TMI_A           ; tick every 20 ms
        LEA R0, INFO
        PUTS
FRAME   LD R0, X                ; rub out the square where it is
        LD R1, Y
        AND R2, R2, #0
        JSR SQUARE
        LD R0, X                ; move across, bouncing off the sides
        LD R3, DX
        LD R4, MAXX
        JSR MOVE
        ST R0, X
        ST R3, DX
        LD R0, Y                ; move down or up, bouncing off top and bottom
        LD R3, DY
        LD R4, MAXY
        JSR MOVE
        ST R0, Y
        ST R3, DY
        LD R0, X                ; draw it in its colour
        LD R1, Y
        LD R2, COLOUR
        JSR SQUARE
WAIT    LDI R0, KBSR_A          ; a key stops the show
        BRn STOP
        LDI R0, TMR_A           ; wait for the next tick
        BRzp WAIT
        BRnzp FRAME
STOP    LDI R0, KBDR_A          ; take the key
        AND R0, R0, #0
        STI R0, TMI_A           ; timer off
        LEA R0, BYE
        PUTS
        HALT

; MOVE: R0 = position + R3 (the velocity), kept within 0..R4 (R4 = -maximum); a bounce
; turns R3 round and changes the colour.
MOVE    ADD R0, R0, R3
        BRn BOUNCE
        ADD R5, R0, R4
        BRp BOUNCE
        RET
BOUNCE  NOT R3, R3
        ADD R3, R3, #1          ; the other way
        ADD R0, R0, R3          ; back inside, one step the other way
        ADD R0, R0, R3
        LD R5, HUE              ; next colour of the palette
        ADD R5, R5, #1
        AND R5, R5, #7
        ST R5, HUE
        ST R7, MOVE_R7
        LEA R7, PALETTE
        ADD R7, R7, R5
        LDR R5, R7, #0
        ST R5, COLOUR
        LD R7, MOVE_R7
        RET

; SQUARE: fill the 8 x 8 square whose top left is (R0, R1) with colour R2.
SQUARE  ADD R3, R1, #0          ; R3 = y * 128 + x + xC000
        AND R4, R4, #0
        ADD R4, R4, #7
SQ_MUL  ADD R3, R3, R3
        ADD R4, R4, #-1
        BRp SQ_MUL
        ADD R3, R3, R0
        LD R4, VIDEO
        ADD R3, R3, R4
        AND R4, R4, #0
        ADD R4, R4, #8          ; 8 rows
SQ_ROW  STR R2, R3, #0
        STR R2, R3, #1
        STR R2, R3, #2
        STR R2, R3, #3
        STR R2, R3, #4
        STR R2, R3, #5
        STR R2, R3, #6
        STR R2, R3, #7
        LD R5, ROWLEN
        ADD R3, R3, R5          ; down one row
        ADD R4, R4, #-1
        BRp SQ_ROW
        RET

X       .FILL #10
Y       .FILL #30
DX      .FILL #2
DY      .FILL #1
MAXX    .FILL #-120             ; 128 - 8
MAXY    .FILL #-116             ; 124 - 8
HUE     .FILL #0
COLOUR  .FILL x7C00
PALETTE .FILL x7C00             ; red
        .FILL x7E00             ; orange
        .FILL x7FE0             ; yellow
        .FILL x03E0             ; green
        .FILL x03FF             ; cyan
        .FILL x001F             ; blue
        .FILL x7C1F             ; magenta
        .FILL x7FFF             ; white
MOVE_R7 .FILL #0
TICK    .FILL #20
ROWLEN  .FILL #128
VIDEO   .FILL xC000
STACK   .FILL xBFFF
TMR_A   .FILL xFE08
TMI_A   .FILL xFE0A
KBSR_A  .FILL xFE00
KBDR_A  .FILL xFE02
INFO    .STRINGZ "Bouncing! Press any key to stop.\n"
BYE     .STRINGZ "Stopped.\n"
        .END

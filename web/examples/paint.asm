; Paint with the keyboard.  Click the display (or the console) and press
;   w a s d   move the brush          1 2 3 4   red, green, blue, yellow
;   space     lift or lower the brush  c         clear the picture      q   quit
; The brush is 2 x 2 pixels.  When it is lifted, a white cursor shows where it is, and the
; picture under the cursor is saved and put back when it moves.
        .ORIG x3000
        LD R6, STACK
        LEA R0, HELP
        PUTS
        JSR DRAW                ; paint where the brush starts
KEY     GETC                    ; wait for a key
        LD R1, K_W
        ADD R1, R0, R1
        BRz UP
        LD R1, K_S
        ADD R1, R0, R1
        BRz DOWN
        LD R1, K_A
        ADD R1, R0, R1
        BRz LEFT
        LD R1, K_D
        ADD R1, R0, R1
        BRz RIGHT
        LD R1, K_SPACE
        ADD R1, R0, R1
        BRz PEN
        LD R1, K_C
        ADD R1, R0, R1
        BRz CLEAR
        LD R1, K_Q
        ADD R1, R0, R1
        BRz QUIT
        LD R1, K_1              ; 1 to 4: a colour from the palette
        ADD R1, R0, R1
        BRn KEY
        ADD R2, R1, #-4
        BRzp KEY
        LEA R2, PALETTE
        ADD R2, R2, R1
        LDR R2, R2, #0
        ST R2, COLOUR
        JSR DRAW
        BRnzp KEY

UP      JSR UNDRAW
        LD R0, Y
        ADD R0, R0, #-2
        BRn MOVED               ; at the top already
        ST R0, Y
        BRnzp MOVED
DOWN    JSR UNDRAW
        LD R0, Y
        ADD R0, R0, #2
        LD R1, MAXY
        ADD R1, R0, R1
        BRp MOVED
        ST R0, Y
        BRnzp MOVED
LEFT    JSR UNDRAW
        LD R0, X
        ADD R0, R0, #-2
        BRn MOVED
        ST R0, X
        BRnzp MOVED
RIGHT   JSR UNDRAW
        LD R0, X
        ADD R0, R0, #2
        LD R1, MAXX
        ADD R1, R0, R1
        BRp MOVED
        ST R0, X
MOVED   JSR DRAW
        BRnzp KEY

PEN     JSR UNDRAW              ; take the cursor away, flip the pen, show it again
        LD R0, DOWN_P
        NOT R0, R0
        ST R0, DOWN_P
        JSR DRAW
        BRnzp KEY

CLEAR   LD R1, VIDEO            ; every pixel black
        LD R2, PIXELS
        AND R0, R0, #0
CLR     STR R0, R1, #0
        ADD R1, R1, #1
        ADD R2, R2, #-1
        BRp CLR
        ST R0, U0               ; and nothing saved under the cursor
        ST R0, U1
        ST R0, U2
        ST R0, U3
        JSR DRAW
        BRnzp KEY

QUIT    LEA R0, BYE
        PUTS
        HALT

; DRAW: the brush down paints the colour; lifted, it saves what is under it and shows
; a white cursor.
DRAW    ST R7, DRAW_R7
        JSR ADDRESS             ; R3 = where the brush's top left pixel is
        LD R2, COLOUR
        LD R0, DOWN_P
        BRn PAINT               ; pen down (xFFFF)
        LDR R0, R3, #0          ; save the four pixels under the cursor
        ST R0, U0
        LDR R0, R3, #1
        ST R0, U1
        LDR R0, R3, #0
        LD R1, ROWLEN
        ADD R1, R3, R1
        LDR R0, R1, #0
        ST R0, U2
        LDR R0, R1, #1
        ST R0, U3
        LD R2, WHITE
PAINT   JSR BRUSH
        LD R7, DRAW_R7
        RET

; UNDRAW: with the brush lifted, put back what the cursor covered.
UNDRAW  ST R7, DRAW_R7
        LD R0, DOWN_P
        BRn UNDONE
        JSR ADDRESS
        LD R0, U0
        STR R0, R3, #0
        LD R0, U1
        STR R0, R3, #1
        LD R1, ROWLEN
        ADD R1, R3, R1
        LD R0, U2
        STR R0, R1, #0
        LD R0, U3
        STR R0, R1, #1
UNDONE  LD R7, DRAW_R7
        RET

; BRUSH: colour R2 into the 2 x 2 pixels at R3.
BRUSH   STR R2, R3, #0
        STR R2, R3, #1
        LD R1, ROWLEN
        ADD R1, R3, R1
        STR R2, R1, #0
        STR R2, R1, #1
        RET

; ADDRESS: R3 = xC000 + 128 * Y + X
ADDRESS LD R3, Y
        AND R4, R4, #0
        ADD R4, R4, #7
AD_MUL  ADD R3, R3, R3
        ADD R4, R4, #-1
        BRp AD_MUL
        LD R4, X
        ADD R3, R3, R4
        LD R4, VIDEO
        ADD R3, R3, R4
        RET

X       .FILL #64
Y       .FILL #62
MAXX    .FILL #-126
MAXY    .FILL #-122
DOWN_P  .FILL xFFFF             ; xFFFF: the brush is down; x0000: lifted
COLOUR  .FILL x7C00
U0      .FILL #0
U1      .FILL #0
U2      .FILL #0
U3      .FILL #0
DRAW_R7 .FILL #0
PALETTE .FILL x7C00             ; red
        .FILL x03E0             ; green
        .FILL x001F             ; blue
        .FILL x7FE0             ; yellow
WHITE   .FILL x7FFF
K_W     .FILL #-119
K_S     .FILL #-115
K_A     .FILL #-97
K_D     .FILL #-100
K_SPACE .FILL #-32
K_C     .FILL #-99
K_Q     .FILL #-113
K_1     .FILL #-49
ROWLEN  .FILL #128
VIDEO   .FILL xC000
PIXELS  .FILL #15872            ; 128 * 124
STACK   .FILL xBFFF
HELP    .STRINGZ "Paint: w a s d move, 1-4 colour, space lifts the brush, c clears, q quits.\n"
BYE     .STRINGZ "Goodbye!\n"
        .END

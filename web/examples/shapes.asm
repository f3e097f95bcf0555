; Lines and shapes on the display.  The display is 128 x 124 pixels of video memory at
; xC000: pixel (x, y) is the word at xC000 + 128*y + x, coloured RGB555
; (bits 14-10 red, 9-5 green, 4-0 blue).
        .ORIG x3000
        LD R6, STACK
; a white frame round the screen
        AND R0, R0, #0          ; x0
        LD R1, N127             ; x1
        AND R2, R2, #0          ; y
        LD R3, WHITE
        JSR HLINE
        LD R2, Y123
        JSR HLINE
        AND R0, R0, #0          ; x
        AND R1, R1, #0          ; y0
        LD R2, Y123             ; y1
        JSR VLINE
        LD R0, N127
        JSR VLINE
; a red line across, a green line down
        AND R0, R0, #0
        ADD R0, R0, #10
        LD R1, N117
        AND R2, R2, #0
        ADD R2, R2, #10
        LD R3, RED
        JSR HLINE
        LD R0, N64
        AND R1, R1, #0
        ADD R1, R1, #15
        LD R2, Y100
        LD R3, GREEN
        JSR VLINE
; a blue diagonal: (i, i) for i = 20 to 100
        AND R0, R0, #0
        ADD R0, R0, #10
        ADD R0, R0, #10
        LD R2, BLUE
DIAG    ADD R1, R0, #0
        JSR PIXEL
        ADD R0, R0, #1
        LD R4, MINUS101
        ADD R4, R0, R4
        BRn DIAG
; a yellow filled square, 21 x 21, at (90, 90)
        LD R2, Y90
        LD R3, YELLOW
SQUARE  LD R0, Y90              ; x0 = 90
        ADD R1, R0, #10
        ADD R1, R1, #10         ; x1 = 110
        JSR HLINE
        ADD R2, R2, #1
        LD R4, MINUS111
        ADD R4, R2, R4
        BRn SQUARE
        HALT

; PIXEL: set pixel (R0, R1) to colour R2.  Keeps every register.
PIXEL   ADD R6, R6, #-2
        STR R3, R6, #0
        STR R4, R6, #1
        ADD R3, R1, #0          ; R3 = y * 128: double it seven times
        AND R4, R4, #0
        ADD R4, R4, #7
SHIFT   ADD R3, R3, R3
        ADD R4, R4, #-1
        BRp SHIFT
        ADD R3, R3, R0          ; + x
        LD R4, VIDEO
        ADD R3, R3, R4          ; + xC000
        STR R2, R3, #0
        LDR R3, R6, #0
        LDR R4, R6, #1
        ADD R6, R6, #2
        RET

; HLINE: from (R0, R2) to (R1, R2) in colour R3.  Keeps every register.
HLINE   ADD R6, R6, #-4
        STR R7, R6, #0
        STR R0, R6, #1
        STR R1, R6, #2
        STR R2, R6, #3
        ADD R4, R1, #0          ; R4 = x1 (PIXEL keeps R4)
        ADD R1, R2, #0          ; PIXEL wants y in R1 and the colour in R2
        ADD R2, R3, #0
HNEXT   JSR PIXEL
        ADD R0, R0, #1
        NOT R5, R0
        ADD R5, R5, #1
        ADD R5, R4, R5          ; x1 - x
        BRzp HNEXT
        LDR R7, R6, #0
        LDR R0, R6, #1
        LDR R1, R6, #2
        LDR R2, R6, #3
        ADD R6, R6, #4
        RET

; VLINE: from (R0, R1) to (R0, R2) in colour R3.  Keeps every register.
VLINE   ADD R6, R6, #-4
        STR R7, R6, #0
        STR R1, R6, #1
        STR R2, R6, #2
        STR R4, R6, #3
        ADD R4, R2, #0          ; R4 = y1
        ADD R2, R3, #0
VNEXT   JSR PIXEL
        ADD R1, R1, #1
        NOT R5, R1
        ADD R5, R5, #1
        ADD R5, R4, R5
        BRzp VNEXT
        LDR R7, R6, #0
        LDR R1, R6, #1
        LDR R2, R6, #2
        LDR R4, R6, #3
        ADD R6, R6, #4
        RET

STACK    .FILL xBFFF
VIDEO    .FILL xC000
N64      .FILL #64
N117     .FILL #117
N127     .FILL #127
Y90      .FILL #90
Y100     .FILL #100
Y123     .FILL #123
MINUS101 .FILL #-101
MINUS111 .FILL #-111
WHITE    .FILL x7FFF
RED      .FILL x7C00
GREEN    .FILL x03E0
BLUE     .FILL x001F
YELLOW   .FILL x7FE0
        .END

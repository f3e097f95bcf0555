; should fail: corner at (0, 0)
; The inner loop goes on while the count is zero or more, so each row is 11 pixels wide.
        .ORIG x3000
        LD R0, VIDEO        ; R0: the first pixel of the current row
        LD R2, ROWLEN
        LD R1, Y            ; down Y rows: add 128 Y times
        BRz COLUMN
DOWN    ADD R0, R0, R2
        ADD R1, R1, #-1
        BRp DOWN
COLUMN  LD R1, X            ; across X pixels
        ADD R0, R0, R1
        LD R3, RED
        AND R4, R4, #0
        ADD R4, R4, #10     ; R4: rows left
ROW     ADD R1, R0, #0      ; R1: the pixel to paint
        AND R5, R5, #0
        ADD R5, R5, #10     ; R5: pixels left in this row
PIXEL   STR R3, R1, #0
        ADD R1, R1, #1
        ADD R5, R5, #-1
        BRzp PIXEL
        ADD R0, R0, R2      ; the next row
        ADD R4, R4, #-1
        BRp ROW
        HALT
VIDEO   .FILL xC000
ROWLEN  .FILL #128
RED     .FILL x7C00
X       .FILL #50
Y       .FILL #20
        .END

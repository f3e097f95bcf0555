; Recursion with a stack: factorial(n) = n * factorial(n - 1), for n = 0 to 7.
; R6 is the stack pointer.  A call pushes the return address (R7) and what it must keep,
; and pops them before RET, so calls can nest as deep as the stack allows.
        .ORIG x3000
        LD R6, STACK            ; the stack grows down from x6000
        AND R5, R5, #0          ; R5 = n
NEXT    ADD R0, R5, #0
        JSR PRINTNUM            ; "n"
        LEA R0, FACTXT
        PUTS                    ; "! = "
        ADD R0, R5, #0
        JSR FACT                ; R0 <- n!
        JSR PRINTNUM
        LD R0, NEWLINE
        OUT
        ADD R5, R5, #1
        ADD R1, R5, #-8
        BRn NEXT
        HALT

; FACT: R0 <- R0!   (recursive; keeps R1-R6)
FACT    ADD R6, R6, #-2         ; push R7 and R1
        STR R7, R6, #0
        STR R1, R6, #1
        ADD R1, R0, #0          ; R1 = n
        BRp RECURSE
        AND R0, R0, #0          ; 0! = 1
        ADD R0, R0, #1
        BRnzp FRET
RECURSE ADD R0, R1, #-1
        JSR FACT                ; R0 <- (n-1)!
        JSR MULTIPLY            ; R0 <- R0 * R1
FRET    LDR R1, R6, #1          ; pop R1 and R7
        LDR R7, R6, #0
        ADD R6, R6, #2
        RET

; MULTIPLY: R0 <- R0 * R1 by repeated addition (R1 >= 0; keeps R1-R6)
MULTIPLY
        ADD R6, R6, #-2
        STR R2, R6, #0
        STR R3, R6, #1
        ADD R2, R0, #0
        AND R0, R0, #0
        ADD R3, R1, #0
MLOOP   BRz MDONE
        ADD R0, R0, R2
        ADD R3, R3, #-1
        BRnzp MLOOP
MDONE   LDR R2, R6, #0
        LDR R3, R6, #1
        ADD R6, R6, #2
        RET

; PRINTNUM: print R0 (0 to 32767) in decimal, without leading zeros (keeps R1-R6)
PRINTNUM
        ADD R6, R6, #-5
        STR R7, R6, #0
        STR R1, R6, #1
        STR R2, R6, #2
        STR R3, R6, #3
        STR R4, R6, #4
        LEA R3, POWERS          ; divide by 10000, 1000, 100, 10, 1 in turn
        AND R4, R4, #0          ; R4 = 1 once a digit has been printed
PDIGIT  LDR R1, R3, #0
        BRz PDONE
        NOT R1, R1
        ADD R1, R1, #1          ; R1 = -power
        AND R2, R2, #0          ; R2 = digit
PSUB    ADD R0, R0, R1          ; subtract while it stays >= 0
        BRn PBACK
        ADD R2, R2, #1
        BRnzp PSUB
PBACK   NOT R1, R1
        ADD R1, R1, #1
        ADD R0, R0, R1          ; undo the last subtraction
        ADD R4, R4, R2          ; print zeros only after the first digit
        BRz PSKIP
        ADD R1, R0, #0          ; keep the remainder in R1 while OUT uses R0
        LD R0, ZERO
        ADD R0, R0, R2
        OUT
        ADD R0, R1, #0
PSKIP   ADD R3, R3, #1
        ADD R1, R3, #0
        LDR R1, R1, #0
        ADD R1, R1, #-1         ; at the ones place, print even a lone zero
        BRnp PDIGIT
        ADD R4, R4, #1
        BRnzp PDIGIT
PDONE   LDR R7, R6, #0
        LDR R1, R6, #1
        LDR R2, R6, #2
        LDR R3, R6, #3
        LDR R4, R6, #4
        ADD R6, R6, #5
        RET
POWERS  .FILL #10000
        .FILL #1000
        .FILL #100
        .FILL #10
        .FILL #1
        .FILL #0
ZERO    .FILL x0030
NEWLINE .FILL x000A
STACK   .FILL x6000
FACTXT  .STRINGZ "! = "
        .END

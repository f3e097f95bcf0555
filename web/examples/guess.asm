; Guess the number: a console game drawn with ANSI escape sequences (colours, clearing the
; screen).  The secret comes from counting how long you take to press the first key.
        .ORIG x3000
        LEA R0, CLEAR
        PUTS                    ; ESC[2J clears the screen, ESC[H homes the cursor
        LEA R0, TITLE
        PUTS
        LEA R0, PRESS
        PUTS
        AND R4, R4, #0          ; R4 counts while we wait: a random seed
WAITKEY ADD R4, R4, #1
        LDI R0, KBSR            ; poll the keyboard status directly
        BRzp WAITKEY
        LDI R0, KBDR            ; take the key (any key starts)
        AND R4, R4, #15         ; secret = (count mod 16) mod 9 + 1
SECRET  ADD R1, R4, #-9
        BRn HAVE
        ADD R4, R1, #0
        BRnzp SECRET
HAVE    ADD R4, R4, #1          ; R4 = secret, 1 to 9
        AND R5, R5, #0          ; R5 = tries
ASK     LEA R0, PROMPT
        PUTS
        GETC
        OUT
        ADD R5, R5, #1
        LD R1, MINUS0
        ADD R1, R0, R1          ; R1 = the digit typed
        BRnz BAD
        ADD R2, R1, #-9
        BRp BAD
        NOT R2, R4
        ADD R2, R2, #1
        ADD R2, R1, R2          ; R2 = guess - secret
        BRz WIN
        BRn LOW
        LEA R0, LOWER
        PUTS
        BRnzp ASK
LOW     LEA R0, HIGHER
        PUTS
        BRnzp ASK
BAD     LEA R0, DIGIT
        PUTS
        ADD R5, R5, #-1
        BRnzp ASK
WIN     LEA R0, RIGHT
        PUTS
        LD R0, ZERO
        ADD R0, R0, R5          ; tries, as one digit (9 at most when playing well)
        OUT
        LEA R0, TRIES
        PUTS
        HALT

KBSR    .FILL xFE00
KBDR    .FILL xFE02
MINUS0  .FILL #-48
ZERO    .FILL x0030
CLEAR   .STRINGZ "\e[2J\e[H"
TITLE   .STRINGZ "\e[1;33m*** Guess the number ***\e[0m\n"
PRESS   .STRINGZ "I am thinking of a number from 1 to 9. Press any key to start.\n"
PROMPT  .STRINGZ "\nYour guess? "
HIGHER  .STRINGZ "  \e[36mhigher!\e[0m"
LOWER   .STRINGZ "  \e[1;35mlower!\e[0m"
DIGIT   .STRINGZ "  \e[31mtype a digit from 1 to 9\e[0m"
RIGHT   .STRINGZ "\n\e[1;32mRight! You got it in "
TRIES   .STRINGZ " tries.\e[0m\n"
        .END

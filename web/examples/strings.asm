; Strings: one character per word (.STRINGZ, printed by PUTS), or two characters per word
; (printed by PUTSP), and a loop that counts the characters of a string.
        .ORIG x3000
        LEA R0, PLAIN
        PUTS                    ; "LC-3 strings", one word per character
        LEA R0, PACKED
        PUTSP                   ; two characters a word: low byte first

; Count the characters of PLAIN: walk R1 along it until the x0000 word.
        LEA R1, PLAIN
        AND R2, R2, #0          ; R2 = count
COUNT   LDR R3, R1, #0          ; R3 <- the character R1 points to
        BRz DONE                ; x0000 ends the string
        ADD R2, R2, #1
        ADD R1, R1, #1          ; next word
        BRnzp COUNT
DONE    LEA R0, LENGTH
        PUTS
        LD R0, ZERO             ; print the count as digits: tens, then ones
        ADD R4, R2, #-10        ; (the string is shorter than 100 characters)
        BRn ONES
        ADD R0, R0, #1          ; one ten
        OUT
        ADD R2, R4, #0
        LD R0, ZERO
ONES    ADD R0, R0, R2
        OUT
        LD R0, NEWLINE
        OUT
        HALT
ZERO    .FILL x0030             ; the character '0'
NEWLINE .FILL x000A
PLAIN   .STRINGZ "LC-3 strings\n"
PACKED  .FILL x6170             ; 'p' (x70) then 'a' (x61)
        .FILL x6B63             ; 'c', 'k'
        .FILL x6465             ; 'e', 'd'
        .FILL x000A             ; newline, then a zero byte ends it
LENGTH  .STRINGZ "length: "
        .END

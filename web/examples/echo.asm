; Echo: read keys with GETC and print them back with OUT, until Enter is pressed.
; GETC waits for a key and puts its code in R0 without showing it; OUT prints R0.
        .ORIG x3000
        LEA R0, PROMPT          ; R0 <- the address of the prompt
        PUTS                    ; print it
LOOP    GETC                    ; R0 <- the next key
        OUT                     ; show it
        ADD R1, R0, #-10        ; R1 = key - 10: zero when the key was Enter (newline)
        BRnp LOOP               ; any other key: read the next one
        LEA R0, BYE             ; Enter was pressed: say goodbye
        PUTS
        HALT                    ; and stop
PROMPT  .STRINGZ "Type something and press Enter: "
BYE     .STRINGZ "Bye!\n"
        .END

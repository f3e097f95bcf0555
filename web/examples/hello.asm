; Hello, world!
; The smallest useful LC-3 program: put the address of a string in R0, then ask the
; operating system to print it (the PUTS trap) and to stop the machine (HALT).
        .ORIG x3000             ; programs load at x3000, the start of user memory
        LEA R0, MESSAGE         ; R0 <- the address of MESSAGE (not its contents)
        PUTS                    ; print the characters at R0 up to the x0000 word
        HALT                    ; stop the machine
MESSAGE .STRINGZ "Hello, world!\n"
        .END

; FACT(n): n! by recursion, with arguments and return value on the stack (R6), R5 as the
; frame pointer.  The frame, from R5: +1 the caller's R5, +2 the return address, +3 the
; return value, +4 n.
        .ORIG x3000
        AND R0, R0, #0
        ADD R0, R0, #5
        ADD R6, R6, #-1
        STR R0, R6, #0
        JSR FACT
        LDR R0, R6, #0
        ADD R6, R6, #2
        HALT

FACT    ADD R6, R6, #-1     ; the return value's word
        ADD R6, R6, #-1     ; the return address
        STR R7, R6, #0
        ADD R6, R6, #-1     ; the caller's frame pointer
        STR R5, R6, #0
        ADD R5, R6, #-1     ; our frame
        LDR R0, R5, #4      ; n
        BRp RECURSE
        AND R0, R0, #0      ; 0! = 1
        ADD R0, R0, #1
        BRnzp RETURN
RECURSE ADD R0, R0, #-1     ; push n - 1 and call FACT(n - 1)
        ADD R6, R6, #-1
        STR R0, R6, #0
        JSR FACT
        LDR R1, R6, #0      ; R1 = (n - 1)!
        ADD R6, R6, #2      ; pop its return value and argument
        LDR R2, R5, #4      ; R0 = n * R1, by adding R1 n times
        AND R0, R0, #0
MULT    ADD R0, R0, R1
        ADD R2, R2, #-1
        BRp MULT
RETURN  STR R0, R5, #3      ; the return value
        ADD R6, R5, #1      ; pop down to the saved R5
        LDR R5, R6, #0
        ADD R6, R6, #1
        LDR R7, R6, #0
        ADD R6, R6, #1      ; R6 now points at the return value
        RET
        .END

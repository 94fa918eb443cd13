package org.cnpgrehearsal.util;

/** Bad input from the user: reported as one line (what is wrong and how to fix it) with exit code 2, never a stack trace. */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }
}

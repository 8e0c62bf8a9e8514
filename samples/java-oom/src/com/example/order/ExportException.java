package com.example.order;

/** The downstream export endpoint refused the document. */
public final class ExportException extends Exception {
    private static final long serialVersionUID = 1L;

    public ExportException(String message) {
        super(message, null, false, false);
    }
}

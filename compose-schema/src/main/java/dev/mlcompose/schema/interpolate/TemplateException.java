package dev.mlcompose.schema.interpolate;

/** A string could not be interpolated; the message says why. */
public class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }
}

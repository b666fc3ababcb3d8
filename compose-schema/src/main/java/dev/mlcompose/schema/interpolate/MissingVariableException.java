package dev.mlcompose.schema.interpolate;

/** A {@code ${VAR:?message}} or {@code ${VAR?message}} met an unset (or empty) variable. */
public final class MissingVariableException extends TemplateException {

    private final String variable;

    public MissingVariableException(String variable, String detail) {
        super("required variable " + variable + " is missing a value" + (detail.isEmpty() ? "" : ": " + detail));
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }
}

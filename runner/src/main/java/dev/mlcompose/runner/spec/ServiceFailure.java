package dev.mlcompose.runner.spec;

/** A service or job did not reach what was asked of it; the message names the service and the cause. */
public final class ServiceFailure extends RuntimeException {

    private final String service;

    public ServiceFailure(String service, String message) {
        super(message);
        this.service = service;
    }

    public ServiceFailure(String service, String message, Throwable cause) {
        super(message, cause);
        this.service = service;
    }

    public String service() {
        return service;
    }
}

package dev.kafkalink.schemas.registry;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * A registry answered a request with an error: {@code status} is the HTTP status and {@code errorCode}
 * the Confluent error code (for example 40401 subject not found, 42205 operation not permitted).
 * Retrying the same request will not help; see {@link RegistryUnavailableException} for the other kind.
 */
public class RegistryException extends ConnectException {

    private final int status;
    private final int errorCode;

    public RegistryException(String message, int status, int errorCode) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }

    public boolean isNotFound() {
        return status == 404;
    }

    /** The registry refused the credentials or the permission: the same request will never pass. */
    public boolean isAuthentication() {
        return status == 401 || status == 403;
    }
}

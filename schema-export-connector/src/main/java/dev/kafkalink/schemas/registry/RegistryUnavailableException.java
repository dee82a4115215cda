package dev.kafkalink.schemas.registry;

import org.apache.kafka.connect.errors.RetriableException;

/** No URL of a registry answered, or it answered 5xx or 429: worth retrying later. */
public class RegistryUnavailableException extends RetriableException {

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

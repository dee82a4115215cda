package dev.kafkalink.common.errors;

import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * Tells failures that retrying cannot fix (authentication, authorization, configuration, the
 * link's own refusals, which are {@link ConnectException}s, and any {@link Error}, such as a
 * {@link LinkageError} from a worker whose Kafka lacks a call, thrown in a pool thread and handed back
 * inside an {@link ExecutionException}) from those that pass by themselves.
 */
public final class Failures {

    private Failures() {
    }

    public static boolean isPermanent(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof Error || cause instanceof AuthenticationException || cause instanceof AuthorizationException
                    || cause instanceof ConfigException || cause instanceof InvalidConfigurationException) {
                return true;
            }
            if (cause instanceof ConnectException) {
                return !(cause instanceof RetriableException);
            }
            if (!(cause instanceof ExecutionException) && cause.getCause() == null) {
                return false;
            }
        }
        return false;
    }

    /** The innermost message worth showing a user. */
    public static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof ExecutionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}

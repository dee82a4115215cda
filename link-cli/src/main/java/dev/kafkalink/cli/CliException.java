package dev.kafkalink.cli;

/** A problem the user can act on: printed without a stack trace, exit code 1. */
final class CliException extends RuntimeException {

    CliException(String message) {
        super(message);
    }
}

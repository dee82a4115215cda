package dev.kafkalink.source;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Where a new mirror starts: the source's earliest record, its end, or the first record at or after a time. */
public record StartOffsetSpec(Kind kind, Instant timestamp) {

    public enum Kind { EARLIEST, LATEST, TIMESTAMP }

    public static StartOffsetSpec parse(String text) {
        String value = text == null ? "" : text.trim();
        switch (value.toLowerCase(Locale.ROOT)) {
            case "earliest":
                return new StartOffsetSpec(Kind.EARLIEST, null);
            case "latest":
                return new StartOffsetSpec(Kind.LATEST, null);
            default:
                try {
                    return new StartOffsetSpec(Kind.TIMESTAMP, OffsetDateTime.parse(value).toInstant());
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("Use 'earliest', 'latest' or an ISO-8601 timestamp with a zone, "
                            + "for example 2026-01-31T08:00:00Z");
                }
        }
    }
}

package dev.kafkalink.common;

/** The version of Kafka Link, from the jar's manifest. */
public final class Version {

    private Version() {
    }

    public static String get() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "unknown" : version;
    }
}

package dev.kafkalink.common.config;

/** The two clusters of a link, each configured by every client setting under its prefix. */
public enum ClusterRole {
    SOURCE("source.", "Source cluster"),
    DESTINATION("destination.", "Destination cluster");

    private final String prefix;
    private final String group;

    ClusterRole(String prefix, String group) {
        this.prefix = prefix;
        this.group = group;
    }

    /** The key prefix, for example {@code source.}. */
    public String prefix() {
        return prefix;
    }

    /** The ConfigDef group its keys are shown under. */
    public String group() {
        return group;
    }

    public String key(String clientSetting) {
        return prefix + clientSetting;
    }
}

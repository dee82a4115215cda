package dev.kafkalink.schemas;

import java.util.Optional;

/**
 * Where a source subject goes on the destination: its name through {@code schema.subject.rename.format},
 * in the same context (context type NONE) or in the link's destination context, which then holds the
 * source's contexts below it ({@code .aws} for the default context, {@code .aws.ctx} for {@code .ctx}).
 */
final class SubjectNaming {

    private final String destinationContext;
    private final String format;

    /** @param destinationContext the context name without dots, or null to keep each subject's own */
    SubjectNaming(String destinationContext, String format) {
        this.destinationContext = destinationContext;
        this.format = format;
    }

    String destination(String sourceSubject) {
        return qualified(destinationContextOf(sourceSubject), rename(name(sourceSubject)));
    }

    /**
     * The subject a destination schema's reference names: references without a context resolve in
     * the referring subject's context, on both sides, so only the name is renamed.
     */
    String referenceSubject(String sourceReference) {
        return sourceReference.startsWith(":.") ? destination(sourceReference) : rename(sourceReference);
    }

    /** The source subject a reference of {@code referrer} points to, with its context spelled out. */
    static String resolveReference(String referrer, String reference) {
        return reference.startsWith(":.") ? reference : qualified(context(referrer), reference);
    }

    /** Where a source context's own config goes ({@code :.ctx:} to {@code :.ctx:}, or below the link's context). */
    String destinationContextKey(String sourceContextKey) {
        return ":" + destinationContextOf(sourceContextKey) + ":";
    }

    /** The key of the context a subject is in ({@code :.ctx:}), or null in the default context. */
    static String contextKey(String subject) {
        String context = context(subject);
        return context.isEmpty() ? null : ":" + context + ":";
    }

    /** Whether a name from a listing or the change feed is a context's key ({@code :.ctx:}), not a subject. */
    static boolean isContextKey(String name) {
        return name.startsWith(":.") && name(name).isEmpty();
    }

    /** The context to put into IMPORT mode as a whole ({@code :.ctx:}), when subjects go into one. */
    Optional<String> importContext(String sourceSubject) {
        return destinationContext == null ? Optional.empty() : Optional.of(":" + destinationContextOf(sourceSubject) + ":");
    }

    private String destinationContextOf(String sourceSubject) {
        String own = context(sourceSubject);
        if (destinationContext == null) {
            return own;
        }
        return "." + destinationContext + own;
    }

    private String rename(String name) {
        return format.replace(SchemaExportConfig.SUBJECT_PLACEHOLDER, name);
    }

    /** The context of a subject, "" for the default one, else for example ".ctx". */
    static String context(String subject) {
        if (!subject.startsWith(":.")) {
            return "";
        }
        String context = subject.substring(1, subject.indexOf(':', 1));
        return context.equals(".") ? "" : context;
    }

    static String name(String subject) {
        return subject.startsWith(":.") ? subject.substring(subject.indexOf(':', 1) + 1) : subject;
    }

    private static String qualified(String context, String name) {
        return context.isEmpty() ? name : ":" + context + ":" + name;
    }
}

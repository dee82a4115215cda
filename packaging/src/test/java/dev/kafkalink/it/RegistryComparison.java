package dev.kafkalink.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Compares subjects of two registries version by version: which versions exist, which are
 * soft-deleted, and for each its id, version number, type, text and references (reference subjects
 * through the same renaming as the subjects).
 */
final class RegistryComparison {

    private RegistryComparison() {
    }

    /** Every difference, empty when the destination holds exactly what the source holds. */
    static List<String> differences(RegistryCalls source, RegistryCalls destination, List<String> subjects,
                                    UnaryOperator<String> destinationSubject, UnaryOperator<String> referenceSubject) {
        List<String> differences = new ArrayList<>();
        for (String subject : subjects) {
            String target = destinationSubject.apply(subject);
            List<Integer> all = source.versions(subject, true);
            List<Integer> live = source.versions(subject, false);
            if (!all.equals(destination.versions(target, true)) || !live.equals(destination.versions(target, false))) {
                differences.add(subject + ": versions " + all + " (live " + live + ") on the source, "
                        + destination.versions(target, true) + " (live " + destination.versions(target, false) + ") as " + target);
                continue;
            }
            for (int version : all) {
                JsonNode expected = comparable(source.version(subject, version), referenceSubject);
                JsonNode actual = comparable(destination.version(target, version), UnaryOperator.identity());
                if (!Objects.equals(expected, actual)) {
                    differences.add(subject + " version " + version + ": " + expected + " on the source, " + actual + " as " + target);
                }
            }
        }
        return differences;
    }

    private static JsonNode comparable(JsonNode version, UnaryOperator<String> referenceSubject) {
        if (version == null) {
            return null;
        }
        ObjectNode node = ((ObjectNode) version.deepCopy());
        node.remove("subject");
        if (!node.has("schemaType")) {
            node.put("schemaType", "AVRO");
        }
        ArrayNode references = node.has("references") ? (ArrayNode) node.get("references") : node.putArray("references");
        references.forEach(reference -> ((ObjectNode) reference).put("subject",
                referenceSubject.apply(reference.path("subject").asText())));
        return node;
    }
}

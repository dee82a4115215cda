package dev.kafkalink.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/** Which subjects are selected, where they go, and what validate() says about bad input. */
class SchemaExportRulesTest {

    @Test
    void selectionByDefaultContextEveryContextPrefixAndName() {
        SubjectSelection defaults = SubjectSelection.parse(List.of("*"));
        assertTrue(defaults.matches("orders-value"));
        assertFalse(defaults.matches(":.ctx:orders-value"));
        assertNull(defaults.listingPrefix());

        SubjectSelection every = SubjectSelection.parse(List.of(":*:"));
        assertTrue(every.matches(":.ctx:orders-value"));
        assertEquals(":*:", every.listingPrefix());

        SubjectSelection some = SubjectSelection.parse(List.of("orders-*", "payments-value"));
        assertTrue(some.matches("orders-key"));
        assertTrue(some.matches("payments-value"));
        assertFalse(some.matches("payments-value2"));
        assertFalse(some.matches("customers-value"));
    }

    @Test
    void namingKeepsContextsOrMovesThemBelowTheLinkContextAndRenames() {
        SubjectNaming same = new SubjectNaming(null, "${subject}");
        assertEquals("orders-value", same.destination("orders-value"));
        assertEquals(":.ctx:orders-value", same.destination(":.ctx:orders-value"));
        assertEquals(Optional.empty(), same.importContext("orders-value"));

        SubjectNaming auto = new SubjectNaming("dc1", "aws.${subject}");
        assertEquals(":.dc1:aws.orders-value", auto.destination("orders-value"));
        assertEquals(":.dc1.ctx:aws.orders-value", auto.destination(":.ctx:orders-value"));
        assertEquals(Optional.of(":.dc1:"), auto.importContext("orders-value"));
        // An unqualified reference resolves in the referrer's context on both sides: only renamed.
        assertEquals("aws.address", auto.referenceSubject("address"));
        assertEquals(":.ctx:address", SubjectNaming.resolveReference(":.ctx:orders-value", "address"));
        assertEquals("address", SubjectNaming.resolveReference("orders-value", "address"));
        assertEquals(":.ctx:", same.destinationContextKey(":.ctx:"), "a context's config stays in its context");
        assertEquals(":.dc1.ctx:", auto.destinationContextKey(":.ctx:"), "or goes below the link's context");
        assertEquals(":.ctx:", SubjectNaming.contextKey(":.ctx:orders-value"));
        assertNull(SubjectNaming.contextKey("orders-value"));
        assertTrue(SubjectNaming.isContextKey(":.ctx:"));
        assertFalse(SubjectNaming.isContextKey(":.ctx:orders-value"));
        assertFalse(SubjectNaming.isContextKey("orders-value"));
    }

    @Test
    void validateNamesTheWrongKey() {
        assertError(Map.of("source.schema.registry.url", "not a url"), "source.schema.registry.url", "not a URL");
        assertError(Map.of("destination.schema.registry.url", "ftp://registry:8081"), "destination.schema.registry.url",
                "not an http:// or https:// URL");
        assertError(Map.of("schema.context.type", "SOMETIMES"), "schema.context.type", "SOMETIMES");
        assertError(Map.of("schema.context.type", "CUSTOM"), "schema.context.name", "Name the destination context");
        assertError(Map.of("schema.context.name", "aws"), "schema.context.name", "Only used with schema.context.type=CUSTOM");
        assertError(Map.of("schema.subject.rename.format", "aws.subject"), "schema.subject.rename.format", "${subject}");
        assertError(Map.of("schema.subjects", "ord*ers"), "schema.subjects", "'*' may only end an entry");
        assertError(Map.of("source.bearer.auth.token", "t0ken", "source.basic.auth.user.info", "u:p"),
                "source.bearer.auth.token", "not both");
    }

    @Test
    void aUrlWithCredentialsNeverShowsThemInAnError() {
        for (String url : List.of("gopher://u:s3cret@registry", "http://u:s3cret@registry:8081")) {
            Config config = SchemaExportConnector.validateFields(with(Map.of("source.schema.registry.url", url)));
            String errors = config.configValues().stream().map(ConfigValue::errorMessages).toList().toString();
            assertFalse(errors.contains("s3cret"), errors);
            assertTrue(errors.contains("***"), errors);
        }
        assertError(Map.of("source.schema.registry.url", "http://u:s3cret@registry:8081"), "source.schema.registry.url",
                "put them in basic.auth.user.info");
        assertError(Map.of("destination.basic.auth.credentials.source", "URL"), "destination.basic.auth.credentials.source",
                "Only USER_INFO");
    }

    @Test
    void aValidConfigHasNoErrors() {
        Config config = SchemaExportConnector.validateFields(with(Map.of()));
        config.configValues().forEach(value -> assertEquals(List.of(), value.errorMessages(), value.name()));
    }

    private static void assertError(Map<String, String> overrides, String key, String expected) {
        Config config = SchemaExportConnector.validateFields(with(overrides));
        ConfigValue value = config.configValues().stream().filter(v -> v.name().equals(key)).findFirst().orElseThrow();
        assertTrue(value.errorMessages().stream().anyMatch(message -> message.contains(expected)),
                key + " should say '" + expected + "' but says " + value.errorMessages());
    }

    private static Map<String, String> with(Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>();
        props.put("name", "schemas");
        props.put("link.name", "dc1");
        props.put("source.schema.registry.url", "http://source-registry:8081");
        props.put("destination.schema.registry.url", "http://destination-registry:8081,http://destination-registry-2:8081");
        props.putAll(overrides);
        return props;
    }
}

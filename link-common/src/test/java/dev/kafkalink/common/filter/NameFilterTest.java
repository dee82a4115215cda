package dev.kafkalink.common.filter;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class NameFilterTest {

    private static NameFilter parse(String rules) {
        return NameFilter.parse("{\"topicFilters\":[" + rules + "]}", "topicFilters");
    }

    @Test
    void literalStarMatchesEveryName() {
        NameFilter filter = parse("{\"name\":\"*\",\"patternType\":\"LITERAL\",\"filterType\":\"INCLUDE\"}");
        assertTrue(filter.matches("orders"));
        assertTrue(filter.matches("a.b-c_d"));
    }

    @Test
    void prefixedMatchesNamesStartingWithIt() {
        NameFilter filter = parse("{\"name\":\"fleet.\",\"patternType\":\"prefixed\"}");
        assertTrue(filter.matches("fleet.trucks"));
        assertFalse(filter.matches("other.fleet."));
    }

    @Test
    void excludeWinsOverInclude() {
        NameFilter filter = parse("{\"name\":\"*\"},{\"name\":\"tmp.\",\"patternType\":\"PREFIXED\",\"filterType\":\"EXCLUDE\"}");
        assertTrue(filter.matches("orders"));
        assertFalse(filter.matches("tmp.scratch"));
    }

    @Test
    void noRulesAndBlankTextMatchNothing() {
        assertFalse(NameFilter.parse("", "topicFilters").matches("orders"));
        assertFalse(parse("").matches("orders"));
        assertFalse(parse("{\"name\":\"x\",\"filterType\":\"EXCLUDE\"}").matches("y"));
    }

    @Test
    void errorsSayWhatIsWrong() {
        assertMessage("not json", "Not valid JSON");
        assertMessage("{\"groupFilters\":[]}", "topicFilters");
        assertMessage("{\"topicFilters\":[{\"name\":\"x\",\"patternType\":\"REGEX\"}]}", "patternType");
        assertMessage("{\"topicFilters\":[{\"patternType\":\"LITERAL\"}]}", "name");
    }

    @Test
    void validatorThrowsAConfigExceptionOnTheKey() {
        ConfigException error = assertThrows(ConfigException.class,
                () -> NameFilter.validator("topicFilters").ensureValid("auto.create.mirror.topics.filters", "{"));
        assertTrue(error.getMessage().contains("auto.create.mirror.topics.filters"), error.getMessage());
    }

    private static void assertMessage(String json, String expected) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> NameFilter.parse(json, "topicFilters"));
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }
}

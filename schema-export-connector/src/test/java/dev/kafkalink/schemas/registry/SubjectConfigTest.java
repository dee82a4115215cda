package dev.kafkalink.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

class SubjectConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws JsonProcessingException {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static SubjectConfig config(String text) throws JsonProcessingException {
        return SubjectConfig.of(json(text)).orElseThrow();
    }

    @Test
    void answersCompareWithoutEmptyValuesWhateverTheLevelIsCalled() throws JsonProcessingException {
        assertEquals(config("{'compatibilityLevel':'FULL'}"), config("{'compatibility':'FULL','alias':null,'normalize':false}"));
        assertEquals(Optional.of("FULL"), config("{'compatibility':'FULL'}").level());
        assertEquals(Optional.empty(), SubjectConfig.of(json("{'defaultMetadata':{},'alias':null}")), "nothing set");
        assertTrue(config("{'compatibilityLevel':'FULL'}").lostIn(Optional.of(config("{'compatibility':'FULL'}"))).isEmpty());
    }

    @Test
    void anAliasIsRenamedLikeAReference() throws JsonProcessingException {
        assertEquals(config("{'compatibility':'FULL','alias':'aws.orders-value'}"),
                config("{'compatibility':'FULL','alias':'orders-value'}").withAlias(subject -> "aws." + subject));
        SubjectConfig noAlias = config("{'compatibility':'FULL'}");
        assertEquals(noAlias, noAlias.withAlias(subject -> "aws." + subject));
    }

    @Test
    void anUpdateWritesTheLevelAsRequestsNameItAndClearsWhatOnlyTheCurrentConfigHas() throws JsonProcessingException {
        SubjectConfig wanted = config("{'compatibilityLevel':'NONE','defaultMetadata':{'properties':{'owner':'a'}}}");
        SubjectConfig current = config("{'compatibilityLevel':'FULL','overrideRuleSet':{'domainRules':[{'name':'r','type':'CEL'}]}}");
        assertEquals(json("{'overrideRuleSet':null,'compatibility':'NONE','defaultMetadata':{'properties':{'owner':'a'}}}"),
                wanted.updateOf(Optional.of(current)));
        assertEquals(json("{'compatibility':'NONE'}"), config("{'compatibilityLevel':'NONE'}").updateOf(Optional.empty()),
                "a level alone is all a registry without richer configs is sent");
        assertEquals(List.of("compatibilityLevel", "defaultMetadata"), wanted.lostIn(Optional.of(current)));
        assertEquals(List.of("defaultMetadata"), wanted.lostIn(Optional.of(config("{'compatibility':'NONE'}"))));
        assertEquals(Optional.of(config("{'compatibility':'NONE'}")), wanted.levelOnly());
    }
}

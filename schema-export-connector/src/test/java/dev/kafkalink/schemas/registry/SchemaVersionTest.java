package dev.kafkalink.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

class SchemaVersionTest {

    private static SchemaVersion version(String type, String schema, SchemaReference... references) {
        return new SchemaVersion("s", 1, 1, type, schema, List.of(references));
    }

    @Test
    void jsonTextsAreTheSameSchemaWhateverTheirSpacingProtobufTextsOnlyWhenEqual() {
        assertTrue(version(null, "{\"type\":\"record\",\"name\":\"A\",\"fields\":[]}")
                .sameSchema(version("AVRO", "{ \"type\": \"record\", \"name\": \"A\", \"fields\": [] }")));
        assertTrue(version("JSON", "{\"type\":\"object\"}").sameSchema(version("JSON", "{\n  \"type\" : \"object\"\n}")));
        assertFalse(version("PROTOBUF", "syntax = \"proto3\";").sameSchema(version("PROTOBUF", "syntax  = \"proto3\";")));
        assertFalse(version("AVRO", "\"string\"").sameSchema(version("JSON", "\"string\"")), "the type counts");
        assertFalse(version("AVRO", "\"string\"", new SchemaReference("a", "b", 1)).sameSchema(version("AVRO", "\"string\"")),
                "references count");
    }

    private static DataContract contract(String metadata, String ruleSet) throws JsonProcessingException {
        ObjectMapper json = new ObjectMapper();
        return new DataContract(metadata == null ? null : json.readTree(metadata), ruleSet == null ? null : json.readTree(ruleSet));
    }

    private static SchemaVersion withContract(DataContract contract) {
        return new SchemaVersion("s", 1, 1, "AVRO", "\"string\"", List.of(), contract);
    }

    @Test
    void metadataAndRuleSetArePartOfTheSchemaAndComparedAsJsonWithoutEmptyValues() throws Exception {
        DataContract owned = contract("{\"properties\":{\"owner\":\"team-a\",\"tier\":\"1\"},\"sensitive\":[\"ssn\"]}",
                "{\"domainRules\":[{\"name\":\"idSet\",\"kind\":\"CONDITION\",\"type\":\"CEL\",\"disabled\":false}]}");
        DataContract reordered = contract("{\"sensitive\":[\"ssn\"],\"tags\":{},\"properties\":{\"tier\":\"1\",\"owner\":\"team-a\"}}",
                "{\"migrationRules\":[],\"domainRules\":[{\"type\":\"CEL\",\"kind\":\"CONDITION\",\"name\":\"idSet\"}]}");
        assertTrue(withContract(owned).sameSchema(withContract(reordered)), "key order, empty values and false do not count");
        assertFalse(withContract(owned).sameSchema(withContract(DataContract.NONE)), "a lost contract counts");
        assertTrue(withContract(owned).sameSchemaIgnoringContract(withContract(DataContract.NONE)));
        assertEquals(List.of("metadata.properties", "metadata.sensitive", "ruleSet.domainRules"), owned.lostIn(DataContract.NONE));
        assertEquals(List.of("metadata.properties"),
                owned.lostIn(contract("{\"properties\":{\"owner\":\"team-b\",\"tier\":\"1\"},\"sensitive\":[\"ssn\"]}",
                        "{\"domainRules\":[{\"name\":\"idSet\",\"kind\":\"CONDITION\",\"type\":\"CEL\"}]}")));
        assertTrue(contract("{\"properties\":{}}", "{}").isEmpty());
    }
}

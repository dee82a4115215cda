package dev.kafkalink.common.docs;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.common.config.ConfigDef;

/**
 * Writes a connector's reference documentation from its {@link ConfigDef}, so that docs and code
 * never disagree. Run by the build: {@code ConfigDocs <output.md> <title> <class with static configDef()>}.
 */
public final class ConfigDocs {

    private ConfigDocs() {
    }

    public static String markdown(String title, ConfigDef def) {
        StringBuilder doc = new StringBuilder("# ").append(title).append(" configuration reference\n\n")
                .append("Generated from the connector's ConfigDef by the build; do not edit.\n");
        String group = null;
        List<ConfigDef.ConfigKey> keys = def.configKeys().values().stream()
                .filter(key -> !key.internalConfig)
                .sorted(java.util.Comparator.comparingInt((ConfigDef.ConfigKey key) -> def.groups().indexOf(key.group))
                        .thenComparingInt(key -> key.orderInGroup))
                .toList();
        for (ConfigDef.ConfigKey key : keys) {
            if (!java.util.Objects.equals(group, key.group)) {
                group = key.group;
                doc.append("\n## ").append(group == null ? "Other" : group).append("\n\n")
                        .append("| key | type | default | valid values | importance | description |\n")
                        .append("|---|---|---|---|---|---|\n");
            }
            doc.append("| `").append(key.name).append("` | ").append(key.type.name().toLowerCase())
                    .append(" | ").append(defaultValue(key))
                    .append(" | ").append(key.validator == null ? "" : cell(key.validator.toString()))
                    .append(" | ").append(key.importance.name().toLowerCase())
                    .append(" | ").append(cell(key.documentation)).append(" |\n");
        }
        return doc.toString();
    }

    private static String defaultValue(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "required";
        }
        if (key.type == ConfigDef.Type.PASSWORD || key.defaultValue == null) {
            return "";
        }
        Object value = key.defaultValue instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                : key.defaultValue;
        return "`" + cell(String.valueOf(value)) + "`";
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }

    /** Writes one page per connector; arguments come in threes: output file, title, config class. */
    public static void main(String[] args) throws IOException, ReflectiveOperationException {
        for (int i = 0; i + 2 < args.length; i += 3) {
            Method configDef = Class.forName(args[i + 2]).getMethod("configDef");
            Path output = Path.of(args[i]);
            Files.createDirectories(output.getParent());
            Files.writeString(output, markdown(args[i + 1], (ConfigDef) configDef.invoke(null)), StandardCharsets.UTF_8);
        }
    }
}

package dev.kafkalink.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.common.utils.AppInfoParser;

/** The machine a run measured, for the report: figures mean nothing without it. */
final class MachineInfo {

    private MachineInfo() {
    }

    static List<String> describe() {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return List.of(
                "CPU: " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores available",
                String.format("Memory: %.0f GiB; JVM heap up to %.0f GiB", os.getTotalMemorySize() / (double) (1L << 30),
                        Runtime.getRuntime().maxMemory() / (double) (1L << 30)),
                "OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version"),
                "Java: " + System.getProperty("java.vm.name") + " " + Runtime.version(),
                "Kafka: " + AppInfoParser.getVersion() + " (brokers, Connect worker and clients in this one JVM)",
                "Broker logs under " + System.getProperty("java.io.tmpdir") + " (" + fileStore() + ")");
    }

    private static String fileStore() {
        try {
            return Files.getFileStore(Path.of(System.getProperty("java.io.tmpdir"))).type();
        } catch (IOException e) {
            return "unknown file system";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}

package dev.kafkalink.it;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the kafka-link command as its own process, the way bin/kafka-link does: the plugin archive's
 * lib/ plus Kafka's jars (here, this test JVM's classpath, which holds no Kafka Link class).
 */
final class KafkaLinkProcess {

    /** What a run printed and how it ended. */
    record Run(int exitCode, String out, String err) {
    }

    private KafkaLinkProcess() {
    }

    static Run run(String connectUrl, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", pluginLib() + File.pathSeparator + System.getProperty("java.class.path"),
                "dev.kafkalink.cli.KafkaLinkCli", "--connect", connectUrl.replaceAll("/$", "")));
        command.addAll(List.of(args));
        Path errors = Files.createTempFile("kafka-link", ".err");
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kafka-link " + String.join(" ", args) + " did not finish");
        }
        String err = Files.readString(errors);
        Files.delete(errors);
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8), err);
    }

    private static String pluginLib() {
        File[] folders = new File(System.getProperty("kafkalink.plugin.path")).listFiles(File::isDirectory);
        if (folders == null || folders.length != 1) {
            throw new IllegalStateException("Expected the unpacked plugin in " + System.getProperty("kafkalink.plugin.path"));
        }
        return new File(folders[0], "lib").getAbsolutePath() + File.separator + "*";
    }
}

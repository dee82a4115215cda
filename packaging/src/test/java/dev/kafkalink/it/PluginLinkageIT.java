package dev.kafkalink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Every Kafka class, method, constructor and field that the plugin archive's classes name (calls,
 * field reads, method references of lambdas, supertypes, signatures) exists in the jars of every
 * supported worker version: the plugin runs on the worker's own Kafka, so a call that a version lacks
 * is a {@code NoSuchMethodError} there, often on a path no end-to-end test takes (an error branch). The
 * one class allowed to name what only 4.1+ has is the plugin metrics adapter, loaded only on those workers.
 */
class PluginLinkageIT {

    /** Loaded only where the worker has plugin metrics (see GaugeRegistries). */
    private static final String PLUGIN_METRICS_ADAPTER = "dev/kafkalink/common/metrics/ConnectPluginMetrics";

    @TestFactory
    Stream<DynamicTest> everyKafkaApiThePluginNamesExistsOnEveryWorkerVersion() throws IOException {
        Path workers = Path.of(System.getProperty("kafkalink.workers"));
        List<Path> versions;
        try (Stream<Path> folders = Files.list(workers)) {
            // 3.6 is there to be refused by validate() (WorkerVersionsIT), not to run the plugin.
            versions = folders.filter(Files::isDirectory).filter(folder -> !folder.getFileName().toString().startsWith("3.6."))
                    .sorted().toList();
        }
        assertFalse(versions.isEmpty(), "no worker jars in " + workers);
        List<Reference> references = pluginReferences();
        return versions.stream().map(folder -> DynamicTest.dynamicTest("Connect " + folder.getFileName(), () -> {
            try (URLClassLoader worker = new URLClassLoader(jars(folder), ClassLoader.getPlatformClassLoader())) {
                boolean pluginMetrics = exists(worker, "org/apache/kafka/common/metrics/PluginMetrics");
                Set<String> missing = new TreeSet<>();
                for (Reference reference : references) {
                    if (!pluginMetrics && reference.from().equals(PLUGIN_METRICS_ADAPTER)) {
                        // The check itself works: it sees what the adapter calls, and that this worker lacks it.
                        if (reference.name().equals("pluginMetrics")) {
                            assertFalse(resolves(worker, reference), reference + " on Connect " + folder.getFileName());
                        }
                        continue;
                    }
                    if (!resolves(worker, reference)) {
                        missing.add(reference.from() + " -> " + reference.owner() + "." + reference.name() + reference.descriptor());
                    }
                }
                assertEquals(Set.of(), missing, "Kafka APIs the plugin uses that Connect " + folder.getFileName() + " lacks");
            }
        }));
    }

    /** A Kafka class (name null), method (descriptor starts with "(") or field that a plugin class names. */
    record Reference(String from, String owner, String name, String descriptor) {
    }

    private static List<Reference> pluginReferences() throws IOException {
        Path lib = Path.of(System.getProperty("kafkalink.plugin.path")).resolve("dev.kafkalink-kafka-link-"
                + System.getProperty("kafkalink.version", "0.1.0-SNAPSHOT")).resolve("lib");
        Set<Reference> references = new HashSet<>();
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.filter(path -> path.toString().endsWith(".jar")).toList()) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    Enumeration<JarEntry> entries = file.entries();
                    while (entries.hasMoreElements()) {
                        JarEntry entry = entries.nextElement();
                        if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/")) {
                            try (InputStream in = file.getInputStream(entry)) {
                                new ClassReader(in).accept(new Collector(references), ClassReader.SKIP_DEBUG);
                            }
                        }
                    }
                }
            }
        }
        assertTrue(references.stream().anyMatch(reference -> reference.from().equals(PLUGIN_METRICS_ADAPTER)
                && reference.name().equals("pluginMetrics")), "the plugin metrics adapter's call was not seen in " + lib);
        return new ArrayList<>(references);
    }

    /** Collects what a class names of org.apache.kafka. */
    private static final class Collector extends ClassVisitor {
        private final Set<Reference> references;
        private String name;

        Collector(Set<Reference> references) {
            super(Opcodes.ASM9);
            this.references = references;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            this.name = name;
            type(superName);
            if (interfaces != null) {
                for (String type : interfaces) {
                    type(type);
                }
            }
        }

        @Override
        public MethodVisitor visitMethod(int access, String method, String descriptor, String signature, String[] exceptions) {
            descriptor(descriptor);
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String called, String calledDescriptor, boolean itf) {
                    member(owner, called, calledDescriptor);
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String field, String fieldDescriptor) {
                    member(owner, field, fieldDescriptor);
                }

                @Override
                public void visitTypeInsn(int opcode, String type) {
                    type(type);
                }

                @Override
                public void visitLdcInsn(Object value) {
                    if (value instanceof Type type && type.getSort() == Type.OBJECT) {
                        type(type.getInternalName());
                    }
                }

                @Override
                public void visitInvokeDynamicInsn(String dynamic, String dynamicDescriptor, Handle bootstrap, Object... arguments) {
                    descriptor(dynamicDescriptor);
                    for (Object argument : arguments) {
                        if (argument instanceof Handle handle) {
                            member(handle.getOwner(), handle.getName(), handle.getDesc());
                        }
                    }
                }

                @Override
                public void visitTryCatchBlock(org.objectweb.asm.Label start, org.objectweb.asm.Label end,
                                               org.objectweb.asm.Label handler, String type) {
                    type(type);
                }
            };
        }

        private void member(String owner, String member, String descriptor) {
            if (isKafka(owner)) {
                references.add(new Reference(name, owner, member, descriptor));
            }
            descriptor(descriptor);
        }

        private void descriptor(String descriptor) {
            Type type = Type.getType(descriptor);
            if (type.getSort() == Type.METHOD) {
                type(type.getReturnType());
                for (Type argument : type.getArgumentTypes()) {
                    type(argument);
                }
            } else {
                type(type);
            }
        }

        private void type(Type type) {
            Type element = type.getSort() == Type.ARRAY ? type.getElementType() : type;
            if (element.getSort() == Type.OBJECT) {
                type(element.getInternalName());
            }
        }

        private void type(String internalName) {
            if (internalName != null && !internalName.startsWith("[") && isKafka(internalName)) {
                references.add(new Reference(name, internalName, "", ""));
            }
        }

        private static boolean isKafka(String internalName) {
            return internalName != null && internalName.startsWith("org/apache/kafka/");
        }
    }

    private static boolean resolves(ClassLoader worker, Reference reference) {
        Class<?> owner = load(worker, reference.owner());
        if (owner == null) {
            return false;
        }
        if (reference.name().isEmpty()) {
            return true;
        }
        Deque<Class<?>> types = new ArrayDeque<>(List.of(owner));
        Set<Class<?>> seen = new HashSet<>();
        while (!types.isEmpty()) {
            Class<?> type = types.poll();
            if (!seen.add(type)) {
                continue;
            }
            if (declares(type, reference)) {
                return true;
            }
            if (type.getSuperclass() != null) {
                types.add(type.getSuperclass());
            }
            types.addAll(List.of(type.getInterfaces()));
        }
        return false;
    }

    private static boolean declares(Class<?> type, Reference reference) {
        try {
            if (!reference.descriptor().startsWith("(")) {
                for (Field field : type.getDeclaredFields()) {
                    if (field.getName().equals(reference.name()) && Type.getDescriptor(field.getType()).equals(reference.descriptor())) {
                        return true;
                    }
                }
                return false;
            }
            if (reference.name().equals("<init>")) {
                for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                    if (Type.getConstructorDescriptor(constructor).equals(reference.descriptor())) {
                        return true;
                    }
                }
                return false;
            }
            for (Method method : type.getDeclaredMethods()) {
                if (method.getName().equals(reference.name()) && Type.getMethodDescriptor(method).equals(reference.descriptor())) {
                    return true;
                }
            }
            return false;
        } catch (LinkageError e) {
            return false; // a member signature names a class this worker lacks
        }
    }

    private static Class<?> load(ClassLoader worker, String internalName) {
        try {
            return Class.forName(internalName.replace('/', '.'), false, worker);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static boolean exists(ClassLoader worker, String internalName) {
        return load(worker, internalName) != null;
    }

    private static URL[] jars(Path folder) throws IOException {
        try (Stream<Path> jars = Files.list(folder)) {
            List<URL> urls = new ArrayList<>();
            for (Path jar : jars.filter(path -> path.toString().endsWith(".jar")).toList()) {
                urls.add(jar.toUri().toURL());
            }
            return urls.toArray(URL[]::new);
        }
    }
}

package dev.kafkalink.it;

import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Kafka Link's metrics as a worker in another JVM publishes them over JMX (what a dashboard or a JMX
 * exporter scrapes): every {@code kafka.connect} MBean with a {@code link} tag, with its attributes.
 */
final class PluginMbeans {

    private PluginMbeans() {
    }

    /**
     * Each MBean as its name (in the order of its tags) and attribute names, with {@code link} replaced
     * by {@code LINK} wherever it appears (the link name, and topic names made from it), so that
     * workers that ran the same scenario under different link names can be compared.
     */
    static Set<String> read(int jmxPort, String link) throws IOException, JMException {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi");
        try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            Set<String> described = new TreeSet<>();
            for (ObjectName name : server.queryNames(new ObjectName("kafka.connect:*"), null)) {
                if (name.getKeyProperty("link") == null) {
                    continue;
                }
                String[] attributes = Arrays.stream(server.getMBeanInfo(name).getAttributes())
                        .map(attribute -> attribute.getName()).sorted().toArray(String[]::new);
                described.add((name.getDomain() + ":" + name.getKeyPropertyListString()).replace(link, "LINK") + " "
                        + String.join(",", attributes));
            }
            return described;
        }
    }
}

package dev.kafkalink.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.kafkalink.testkit.SecuredKafkaCluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Workload H: the ACL sync of config-examples/acl-sync.json, its filter widened to every binding,
 * between two clusters with an authorizer that hold 10,000 bindings on the source (topics and
 * groups, literal and prefixed, READ, WRITE, DESCRIBE and ALL, ALLOW and DENY).
 */
final class AclSweepWorkload implements Workload {

    private static final Duration DEADLINE = Duration.ofMinutes(10);
    private static final AclOperation[] OPERATIONS = {AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.ALL};

    private final Scale scale;
    private final BenchClusters clusters;

    AclSweepWorkload(Scale scale, BenchClusters clusters) {
        this.scale = scale;
        this.clusters = clusters;
    }

    @Override
    public String id() {
        return "H";
    }

    @Override
    public Section run() throws Exception {
        try (SecuredKafkaCluster source = SecuredKafkaCluster.start(); SecuredKafkaCluster destination = SecuredKafkaCluster.start()) {
            try (Admin admin = source.admin()) {
                List<AclBinding> bindings = bindings();
                for (int from = 0; from < bindings.size(); from += 1000) {
                    admin.createAcls(bindings.subList(from, Math.min(bindings.size(), from + 1000))).all().get();
                }
            }
            Map<String, String> changes = new HashMap<>(Map.of("link.name", "acls",
                    "acl.filters", "{\"aclFilters\":[{\"resourceFilter\":{\"resourceType\":\"any\"}}]}"));
            source.clientSettings(SecuredKafkaCluster.ADMIN).forEach((key, value) -> changes.put("source." + key, value.toString()));
            destination.clientSettings(SecuredKafkaCluster.ADMIN).forEach((key, value) ->
                    changes.put("destination." + key, value.toString()));
            Map<String, String> config = ShippedExample.with(ShippedExample.load("acl-sync.json").placed(
                    source.bootstrapServers(), destination.bootstrapServers(), null, null), changes);
            clusters.connect().configureConnector("acls", config);
            try {
                List<Long> sweeps = SweepWatch.sweeps("acls", scale.sweeps(), DEADLINE);
                try (Admin admin = destination.admin()) {
                    int synced = admin.describeAcls(AclBindingFilter.ANY).values().get().size();
                    if (synced != scale.aclBindings()) {
                        throw new IllegalStateException(synced + " of " + scale.aclBindings() + " bindings reached the destination");
                    }
                }
                Progress.say("H: sweeps of %,d bindings took %s ms", scale.aclBindings(), sweeps);
                return report(sweeps);
            } finally {
                clusters.removeConnector("acls");
            }
        }
    }

    private List<AclBinding> bindings() {
        List<AclBinding> bindings = new ArrayList<>();
        for (int i = 0; i < scale.aclBindings(); i++) {
            ResourceType type = i % 3 == 0 ? ResourceType.GROUP : ResourceType.TOPIC;
            bindings.add(new AclBinding(new ResourcePattern(type, "app-" + (i / 4), i % 5 == 0 ? PatternType.PREFIXED
                    : PatternType.LITERAL), new AccessControlEntry("User:team-" + (i % 97), "*", OPERATIONS[i % 4],
                    i % 11 == 0 ? AclPermissionType.DENY : AclPermissionType.ALLOW)));
        }
        return bindings;
    }

    private Section report(List<Long> sweeps) {
        Section section = new Section("H", String.format("ACL sync: %,d bindings", scale.aclBindings()));
        section.text("%,d bindings on a source cluster with an authorizer (SASL/PLAIN, StandardAuthorizer), none on the "
                + "destination; acl-sync.json as shipped, its filter widened to every binding. The first sweep creates them all; "
                + "the next ones find nothing changed.", scale.aclBindings());
        section.table(SweepWatch.table(sweeps));
        section.target("ACL sweep with " + Stats.number(scale.aclBindings()) + " bindings", "under 10 s",
                Stats.decimal(sweeps.get(0) / 1000.0) + " s (first sweep)", sweeps.get(0) < 10_000);
        return section;
    }
}

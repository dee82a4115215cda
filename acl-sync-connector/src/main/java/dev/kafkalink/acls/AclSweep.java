package dev.kafkalink.acls;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import dev.kafkalink.common.errors.Failures;
import dev.kafkalink.common.state.LinkStateStore;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateAclsResult;
import org.apache.kafka.clients.admin.DeleteAclsResult;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass: every source binding the filters match exists on the destination (translated), and the
 * bindings the link created whose source is gone are deleted. Bindings the link did not create are
 * never deleted: ownership is recorded in the link's state topic before a binding is created.
 *
 * <p>A sweep is two {@code describeAcls} calls, and at most one {@code createAcls} and one
 * {@code deleteAcls} call, whatever the number of bindings; it writes nothing when nothing changed.
 */
final class AclSweep {

    private static final Logger log = LoggerFactory.getLogger(AclSweep.class);

    /** What one sweep saw and did. */
    record Result(int inSync, int owned, int created, int deleted, int skipped) {
    }

    private final Admin source;
    private final Admin destination;
    private final LinkStateStore store;
    private final AclFilters filters;
    private final AclTranslation translation;

    AclSweep(Admin source, Admin destination, LinkStateStore store, AclFilters filters, AclTranslation translation) {
        this.source = source;
        this.destination = destination;
        this.store = store;
        this.filters = filters;
        this.translation = translation;
    }

    Result run() throws ExecutionException, InterruptedException {
        Set<AclBinding> wanted = new HashSet<>();
        for (AclBinding binding : describeAll(source, "source", "DESCRIBE")) {
            if (filters.matches(binding)) {
                wanted.add(translation.toDestination(binding));
            }
        }
        Set<AclBinding> existing = new HashSet<>(describeAll(destination, "destination", "ALTER (which includes DESCRIBE)"));
        store.refresh();

        List<AclBinding> missing = wanted.stream().filter(binding -> !existing.contains(binding)).toList();
        int skipped = create(missing);

        Set<String> wantedText = new HashSet<>();
        wanted.forEach(binding -> wantedText.add(AclBindingText.encode(binding)));
        List<String> gone = store.ownedAcls().stream().filter(text -> !wantedText.contains(text)).sorted().toList();
        int deleted = delete(gone);
        return new Result(wanted.size() - skipped, store.ownedAcls().size(), missing.size() - skipped, deleted, skipped);
    }

    /** Every binding of a cluster; {@code needed} is the cluster operation the link's principal needs there, for the message. */
    private static Collection<AclBinding> describeAll(Admin admin, String cluster, String needed)
            throws ExecutionException, InterruptedException {
        try {
            return admin.describeAcls(AclBindingFilter.ANY).values().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ClusterAuthorizationException) {
                throw refused("describe the ACLs of the " + cluster + " cluster", needed + " on the " + cluster + " cluster",
                        e.getCause());
            }
            if (e.getCause() instanceof SecurityDisabledException) {
                throw new ConnectException("The " + cluster + " cluster has no authorizer, so it has no ACLs to sync: set "
                        + "authorizer.class.name on its brokers and controllers (KRaft: "
                        + "org.apache.kafka.metadata.authorizer.StandardAuthorizer), or remove this connector", e.getCause());
            }
            throw e;
        }
    }

    /** Kafka only says "Cluster authorization failed": this says where, for what, and which ACL to grant. */
    private static ConnectException refused(String what, String grant, Throwable cause) {
        return new ConnectException("The link's principal may not " + what + ": grant it " + grant
                + " (an ACL on the cluster resource kafka-cluster)", cause);
    }

    /** Creates the bindings, ownership first; returns how many the destination refused. */
    private int create(List<AclBinding> missing) throws ExecutionException, InterruptedException {
        if (missing.isEmpty()) {
            return 0;
        }
        store.putAclOwnership(missing.stream().map(AclBindingText::encode).toList(), List.of());
        CreateAclsResult result = destination.createAcls(missing);
        int refused = 0;
        for (Map.Entry<AclBinding, KafkaFuture<Void>> created : result.values().entrySet()) {
            try {
                created.getValue().get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ClusterAuthorizationException) {
                    throw refused("create ACLs on the destination cluster", "ALTER on the destination cluster", e.getCause());
                }
                if (Failures.isPermanent(e.getCause())) {
                    throw e;
                }
                refused++;
                log.warn("The destination refused ACL binding {}; retried next sweep: {}", created.getKey(),
                        Failures.describe(e.getCause()));
            }
        }
        log.info("Created {} ACL bindings on the destination", missing.size() - refused);
        return refused;
    }

    /** Deletes bindings the link owns and no longer wants, then drops their ownership; returns how many. */
    private int delete(List<String> gone) throws ExecutionException, InterruptedException {
        if (gone.isEmpty()) {
            return 0;
        }
        Map<AclBindingFilter, String> filtersByText = new LinkedHashMap<>();
        gone.forEach(text -> filtersByText.put(AclBindingText.decode(text).toFilter(), text));
        DeleteAclsResult result = destination.deleteAcls(filtersByText.keySet());
        List<String> released = new ArrayList<>();
        int deleted = 0;
        for (Map.Entry<AclBindingFilter, KafkaFuture<DeleteAclsResult.FilterResults>> entry : result.values().entrySet()) {
            try {
                deleted += (int) entry.getValue().get().values().stream().filter(r -> r.exception() == null).count();
                released.add(filtersByText.get(entry.getKey()));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ClusterAuthorizationException) {
                    throw refused("delete ACLs on the destination cluster", "ALTER on the destination cluster", e.getCause());
                }
                log.warn("Could not delete ACL binding {} on the destination; retried next sweep: {}", entry.getKey(),
                        Failures.describe(e.getCause()));
            }
        }
        store.putAclOwnership(List.of(), released);
        log.info("Deleted {} ACL bindings the link had created and the source no longer has", deleted);
        return deleted;
    }
}

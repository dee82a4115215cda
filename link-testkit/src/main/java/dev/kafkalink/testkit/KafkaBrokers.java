package dev.kafkalink.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import kafka.server.BrokerServer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.apache.kafka.metadata.BrokerState;

/**
 * The operations every production cluster goes through, on the brokers of one embedded cluster: a
 * broker restarted with a controlled shutdown, a broker killed without one, preferred leader elections
 * and a partition's replicas moved to other brokers.
 *
 * <p>The clusters of {@link LinkClusters} run their KRaft controller in the first node next to its
 * broker ("combined"); only the broker part is ever stopped here, so the controller (and the cluster's
 * metadata) survives every restart, as dedicated controllers do in production.
 *
 * <p>A <em>kill</em> closes the broker's lifecycle manager first, so that the broker neither asks the
 * controller for a controlled shutdown nor sends another heartbeat: its partitions keep it as leader
 * until the controller fences it when {@code broker.session.timeout.ms} passes, as after a crash; its
 * connections are then closed as the process would lose them.
 */
public final class KafkaBrokers {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private final EmbeddedKafkaCluster cluster;
    private final String name;

    public KafkaBrokers(EmbeddedKafkaCluster cluster, String name) {
        this.cluster = cluster;
        this.name = name;
    }

    /** The ids of every broker, running or not. */
    public List<Integer> ids() {
        return all().stream().map(broker -> broker.config().brokerId()).sorted().toList();
    }

    /** Stops broker {@code id} with a controlled shutdown (its leaders move first), then starts it again and waits until it is back in every ISR. */
    public void restart(int id) throws InterruptedException {
        BrokerServer broker = broker(id);
        broker.shutdown();
        broker.awaitShutdown();
        start(id);
    }

    /** Stops broker {@code id} without a controlled shutdown, as a crash would; {@link #start(int)} brings it back. */
    public void kill(int id) {
        BrokerServer broker = broker(id);
        try {
            broker.lifecycleManager().close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        broker.shutdown(Duration.ZERO);
        broker.awaitShutdown();
    }

    /** Starts a stopped broker and waits until it is unfenced and has caught up on every partition it holds. */
    public void start(int id) throws InterruptedException {
        broker(id).startup();
        Waits.waitFor(() -> broker(id).brokerState() == BrokerState.RUNNING, WAIT,
                () -> name + " broker " + id + " did not start again");
        awaitFullIsr();
    }

    /** Waits until every partition of every topic has all its replicas in sync (what a rolling restart waits for between brokers). */
    public void awaitFullIsr() throws InterruptedException {
        Waits.waitFor(() -> underReplicated().isEmpty(), WAIT,
                () -> name + ": partitions still under-replicated: " + underReplicated());
    }

    /** Runs a preferred leader election on every partition of {@code topics} whose leader is not its preferred replica. */
    public Set<TopicPartition> electPreferredLeaders(Set<String> topics) throws InterruptedException {
        Set<TopicPartition> moved = new TreeSet<>(java.util.Comparator.comparing(TopicPartition::toString));
        try (Admin admin = cluster.createAdminClient()) {
            for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get().values()) {
                for (TopicPartitionInfo partition : topic.partitions()) {
                    if (partition.leader() == null || partition.leader().id() != partition.replicas().get(0).id()) {
                        moved.add(new TopicPartition(topic.name(), partition.partition()));
                    }
                }
            }
            if (!moved.isEmpty()) {
                admin.electLeaders(ElectionType.PREFERRED, moved).partitions().get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(name + ": preferred leader election failed", e.getCause());
        }
        return moved;
    }

    /** The leader of one partition, or empty while it has none. */
    public Optional<Integer> leader(TopicPartition partition) {
        return describe(partition).map(TopicPartitionInfo::leader).map(Node::id);
    }

    /** One partition as the cluster describes it (leader, replicas, ISR, eligible leaders), and the state of every broker: for failure messages. */
    public String status(TopicPartition partition) {
        return partition + ": " + describe(partition).map(Object::toString).orElse("(no answer)") + "; brokers "
                + all().stream().map(broker -> broker.config().brokerId() + "=" + broker.brokerState()).toList();
    }

    /** The replicas of one partition, the preferred leader first. */
    public List<Integer> replicas(TopicPartition partition) {
        return describe(partition).map(info -> info.replicas().stream().map(Node::id).toList()).orElse(List.of());
    }

    /**
     * Moves the replicas of {@code partition} to {@code replicas} (the first becomes the preferred leader)
     * and waits until the move is complete and the new replicas are in sync.
     */
    public void reassign(TopicPartition partition, List<Integer> replicas) throws InterruptedException {
        try (Admin admin = cluster.createAdminClient()) {
            admin.alterPartitionReassignments(Map.of(partition, Optional.of(new NewPartitionReassignment(replicas)))).all().get();
            Waits.waitFor(() -> admin.listPartitionReassignments(Set.of(partition)).reassignments().get().isEmpty(), WAIT,
                    () -> name + ": the reassignment of " + partition + " did not complete");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(name + ": reassigning " + partition + " failed", e.getCause());
        }
        Waits.waitFor(() -> replicas(partition).equals(replicas), WAIT,
                () -> name + ": " + partition + " has replicas " + replicas(partition) + ", not " + replicas);
        awaitFullIsr();
    }

    private Optional<TopicPartitionInfo> describe(TopicPartition partition) {
        try (Admin admin = cluster.createAdminClient()) {
            return Optional.of(admin.describeTopics(Set.of(partition.topic())).allTopicNames().get()
                    .get(partition.topic()).partitions().get(partition.partition()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Partitions whose ISR is smaller than their replica set (or all of them, said as one entry, while the cluster does not answer). */
    private Set<String> underReplicated() {
        try (Admin admin = cluster.createAdminClient()) {
            Set<String> names = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                    .names().get();
            return admin.describeTopics(names).allTopicNames().get().values().stream()
                    .flatMap(topic -> topic.partitions().stream()
                            .filter(partition -> partition.isr().size() < partition.replicas().size())
                            .map(partition -> topic.name() + "-" + partition.partition()))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (Exception e) {
            return Set.of("(no answer: " + e + ")");
        }
    }

    private List<BrokerServer> all() {
        return List.copyOf(cluster.brokersInState(state -> true));
    }

    private BrokerServer broker(int id) {
        return all().stream().filter(broker -> broker.config().brokerId() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name + " has no broker " + id));
    }
}

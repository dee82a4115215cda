package dev.kafkalink.bench;

import java.util.ArrayList;
import java.util.List;

import dev.kafkalink.testkit.ConnectWorkerProcess;
import dev.kafkalink.testkit.KafkaBrokers;
import dev.kafkalink.testkit.LinkClusters;

import org.apache.kafka.connect.util.clusters.WorkerHandle;

/**
 * The soak's faults, one every {@code everySeconds}, in a cycle: a source broker restarted, a
 * destination broker restarted, a task of the link restarted through the REST API, the two brokers
 * again, then a Connect worker: in turn the second one (a child JVM) killed without a clean shutdown
 * and a new one started, and the in-process one stopped and a new one added. Brokers are restarted with a controlled shutdown, never the first of a cluster (it hosts the
 * KRaft controller), the other two in turn. Runs in its own thread, so that the samples go on while a
 * restart waits for the ISRs.
 */
final class SoakFaults implements AutoCloseable {

    /** One fault: when it started (seconds into the run), what, how long it took, and how it failed if it did. */
    record Event(long atSeconds, String what, double tookSeconds, String error) {
    }

    private final LinkClusters clusters;
    private final String link;
    private final int tasks;
    private final long startedMillis;
    private final long everyMillis;
    private final List<Event> events = new ArrayList<>();
    private final Thread thread;
    private volatile boolean closing;
    private ConnectWorkerProcess worker;
    private int sourceTurns;
    private int destinationTurns;

    SoakFaults(LinkClusters clusters, String link, int tasks, ConnectWorkerProcess worker, long startedMillis, int everySeconds) {
        this.clusters = clusters;
        this.link = link;
        this.tasks = tasks;
        this.worker = worker;
        this.startedMillis = startedMillis;
        this.everyMillis = everySeconds * 1000L;
        thread = new Thread(this::run, "soak-faults");
        thread.start();
    }

    private void run() {
        KafkaBrokers source = clusters.sourceBrokers();
        KafkaBrokers destination = clusters.destinationBrokers();
        for (int n = 0; !closing; n++) {
            long due = startedMillis + (n + 1) * everyMillis;
            while (!closing && System.currentTimeMillis() < due) {
                sleep(Math.min(1000, due - System.currentTimeMillis()));
            }
            if (closing) {
                return;
            }
            int round = n / 6;
            switch (n % 6) {
                case 0, 3 -> restart(source, "source", sourceTurns++);
                case 1, 4 -> restart(destination, "destination", destinationTurns++);
                case 2 -> apply("task " + round % tasks + " of " + link + " restarted (REST)",
                        () -> clusters.connect().restartTask(link, round % tasks));
                default -> {
                    if (round % 2 == 0) {
                        apply("Connect worker " + worker.workerId() + " (child JVM, running " + tasksOn(worker.workerId())
                                + ") killed (SIGKILL), a new one started", () -> {
                                    worker.kill();
                                    worker = ConnectWorkerProcess.start(clusters.workerProperties());
                                });
                    } else {
                        WorkerHandle inProcess = clusters.connect().workers().iterator().next();
                        apply("in-process Connect worker " + inProcess.url().getPort() + " (running "
                                + tasksOn(":" + inProcess.url().getPort()) + ") stopped, a new one added", () -> {
                                    clusters.connect().removeWorker(inProcess);
                                    clusters.connect().addWorker();
                                });
                    }
                }
            }
        }
    }

    /** The tasks a worker (its id, or how its id ends) runs, as {@code connector/task}, for the fault's description. */
    private String tasksOn(String workerId) {
        List<String> tasksThere = new ArrayList<>();
        try {
            for (String connector : clusters.connect().connectors()) {
                clusters.connect().connectorStatus(connector).tasks().stream().filter(task -> task.workerId().endsWith(workerId))
                        .forEach(task -> tasksThere.add(connector + "/" + task.id()));
            }
        } catch (Exception e) {
            return "tasks unknown";
        }
        return tasksThere.isEmpty() ? "no task" : String.join(", ", tasksThere);
    }

    private void restart(KafkaBrokers brokers, String side, int turn) {
        List<Integer> ids = brokers.ids();
        int id = ids.get(1 + turn % (ids.size() - 1));
        apply(side + " broker " + id + " restarted", () -> brokers.restart(id));
    }

    @FunctionalInterface
    private interface Fault {
        void apply() throws Exception;
    }

    private void apply(String what, Fault fault) {
        long started = System.currentTimeMillis();
        Progress.say("FAULT %s ...", what);
        String error = null;
        try {
            fault.apply();
        } catch (Exception e) {
            error = e.toString();
            Progress.say("FAULT %s failed: %s", what, error);
        }
        Event event = new Event((started - startedMillis) / 1000, what, (System.currentTimeMillis() - started) / 1000.0, error);
        synchronized (events) {
            events.add(event);
        }
        Progress.say("FAULT %s: done in %.1f s", what, event.tookSeconds());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Waits for a fault under way to end, then stops the child worker. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        thread.join();
        worker.close();
    }
}

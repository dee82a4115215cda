package dev.kafkalink.schemas;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

import org.apache.kafka.common.errors.InterruptException;

/** Registry requests for many subjects at once, on a pool of a few threads. */
final class ParallelCalls {

    private ParallelCalls() {
    }

    /**
     * Applies {@code work} to every item on the pool; the first failure is rethrown as it was. Waits
     * interruptibly: a task's stop interrupts its sweep, which must end at once, not after the requests.
     */
    static <T, R> Map<T, R> map(List<T> items, Function<T, R> work, ExecutorService pool) {
        Map<T, CompletableFuture<R>> futures = new LinkedHashMap<>();
        for (T item : items) {
            futures.put(item, CompletableFuture.supplyAsync(() -> work.apply(item), pool));
        }
        Map<T, R> results = new LinkedHashMap<>();
        for (Map.Entry<T, CompletableFuture<R>> future : futures.entrySet()) {
            try {
                results.put(future.getKey(), future.getValue().get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new CompletionException(e.getCause());
            } catch (InterruptedException e) {
                futures.values().forEach(pending -> pending.cancel(true));
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            }
        }
        return results;
    }
}

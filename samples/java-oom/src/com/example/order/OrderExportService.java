package com.example.order;

import com.example.order.domain.OrderAggregate;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The order-export incident, reproduced.
 *
 * <p>Every order is added to {@link #pending} before it is exported and is
 * only removed, and its attachment stream only closed, when the export
 * succeeds. When the downstream endpoint fails, the exception path logs and
 * moves on: the manual {@code close()} and the removal are skipped, so the
 * aggregate and its never-closed {@code BufferedInputStream} (8 KiB buffer
 * plus the 6 KiB document behind it) stay reachable from a static list until
 * the heap is exhausted.
 *
 * <p>Stdout protocol (read by samples/generate.sh): {@code midpoint ...} once
 * {@code pending} reaches the midpoint, and one {@code OOM_FACTS {json}} line
 * after the OutOfMemoryError has been caught. Exits with status 3 at OOM.
 */
public final class OrderExportService {
    /** The leak: aggregates waiting for an export acknowledgement. */
    static final List<OrderAggregate> pending = new ArrayList<>();

    private static final Object ledgerLock = new Object();
    private static final ExportClient client = new ExportClient();
    private static long failures;
    private static byte[] reserve;

    public static void main(String[] args) throws Exception {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        long pauseMs = args.length > 1 ? Long.parseLong(args[1]) : 100;
        int midpoint = args.length > 2 ? Integer.parseInt(args[2]) : 2000;

        // Emergency reserve (1/32 of the heap), released after the
        // OutOfMemoryError so that the facts can still be printed. A static
        // field, because the JIT treats a local that is never read as dead.
        // It is in the heap dump too.
        reserve = new byte[(int) Math.min(Integer.MAX_VALUE - 8,
                Math.max(1 << 20, Runtime.getRuntime().maxMemory() / 32))];
        startBackgroundThreads();

        long nextId = 0;
        boolean midpointAnnounced = false;
        try {
            while (true) {
                for (int i = 0; i < batch; i++) {
                    exportOrder(++nextId);
                }
                if (nextId % (batch * 10L) == 0) {
                    System.out.println(Instant.now() + " added " + nextId + " orders, pending=" + pending.size()
                            + " failures=" + failures);
                }
                if (!midpointAnnounced && pending.size() >= midpoint) {
                    midpointAnnounced = true;
                    System.out.println("midpoint pending=" + pending.size() + " at=" + Instant.now());
                }
                Thread.sleep(pauseMs);
            }
        } catch (OutOfMemoryError oom) {
            reserve = null;
            Instant at = Instant.now();
            int pendingCount = pending.size();
            String json = "{\"oomAt\":\"" + at + "\",\"orderAggregateCount\":" + pendingCount
                    + ",\"ordersCreated\":" + nextId
                    + ",\"exportFailures\":" + failures
                    + ",\"maxMemoryBytes\":" + Runtime.getRuntime().maxMemory()
                    + ",\"oomMessage\":\"" + oom + "\""
                    + ",\"javaVersion\":\"" + System.getProperty("java.version") + "\""
                    + ",\"javaRuntimeVersion\":\"" + System.getProperty("java.runtime.version") + "\""
                    + ",\"vmName\":\"" + System.getProperty("java.vm.name") + "\""
                    + ",\"pid\":" + ProcessHandle.current().pid()
                    + ",\"inputArguments\":\"" + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()) + "\"}";
            System.out.println("OOM_FACTS " + json);
            System.out.flush();
            System.exit(3);
        }
    }

    static void exportOrder(long orderId) {
        OrderAggregate order = OrderAggregate.open(orderId);
        pending.add(order); // queued until the export is acknowledged
        try {
            client.export(order);
            order.attachment().close(); // manual close: never reached when export() throws
            pending.remove(order);
        } catch (ExportException | IOException e) {
            // BUG (the incident): the failure is counted and "left for the retry
            // job", but the retry job was never scheduled. The attachment is not
            // closed and the order stays in `pending` forever. A try-with-resources
            // and a finally { pending.remove(order); } would have prevented it.
            failures++;
        }
    }

    /** Threads that make the thread dump look like a real service's. */
    private static void startBackgroundThreads() throws InterruptedException {
        ExecutorService workers = Executors.newFixedThreadPool(4, named("order-export-worker-"));
        for (int i = 0; i < 4; i++) {
            workers.submit(() -> { }); // start the workers; they then wait on the queue
        }
        Thread retry = new Thread(() -> {
            while (true) {
                try {
                    TimeUnit.SECONDS.sleep(3600); // the retry job that never runs
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "export-retry-scheduler");
        retry.setDaemon(true);
        retry.start();

        // A slow ledger write holding a monitor, two writers BLOCKED behind it.
        Thread holder = new Thread(() -> {
            synchronized (ledgerLock) {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    // exit
                }
            }
        }, "ledger-flush");
        holder.setDaemon(true);
        holder.start();
        while (holder.getState() != Thread.State.TIMED_WAITING) {
            Thread.sleep(5);
        }
        for (int i = 1; i <= 2; i++) {
            Thread w = new Thread(() -> {
                synchronized (ledgerLock) {
                    failures += 0;
                }
            }, "ledger-writer-" + i);
            w.setDaemon(true);
            w.start();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

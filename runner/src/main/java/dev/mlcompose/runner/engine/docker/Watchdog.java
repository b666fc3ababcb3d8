package dev.mlcompose.runner.engine.docker;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** One daemon thread that raises the alarms of calls past their deadline; a call that is answered cancels its own. */
enum Watchdog {
    INSTANCE;

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
        Thread thread = new Thread(task, "mlcompose-engine-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    Watchdog() {
        timer.setRemoveOnCancelPolicy(true); // a million answered calls leave no million cancelled alarms
    }

    ScheduledFuture<?> after(Duration deadline, Runnable alarm) {
        return timer.schedule(alarm, deadline.toNanos(), TimeUnit.NANOSECONDS);
    }
}

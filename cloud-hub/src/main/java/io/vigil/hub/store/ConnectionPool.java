package io.vigil.hub.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * A small fixed-size pool for the read side (REST queries, health checks). The writer keeps its own connection, so a
 * slow query can never hold back a commit. A connection that saw an error is closed rather than returned: simpler
 * than validating it, and errors are rare.
 */
public final class ConnectionPool implements AutoCloseable {
    private final DataSource dataSource;
    private final Semaphore permits;
    private final BlockingQueue<Connection> idle;
    private final String what;

    public ConnectionPool(DataSource dataSource, int size, String what) {
        if (size < 1) {
            throw new IllegalArgumentException("pool size " + size + " must be at least 1");
        }
        this.dataSource = dataSource;
        this.permits = new Semaphore(size);
        this.idle = new ArrayBlockingQueue<>(size);
        this.what = what;
    }

    /** Runs {@code work} with a connection in auto-commit mode; throws {@link StoreException} naming {@code task}. */
    public <T> T call(String task, SqlFunction<T> work) {
        acquire(task);
        Connection c = null;
        try {
            c = borrow();
            T result = work.apply(c);
            idle.offer(c);
            c = null;
            return result;
        } catch (SQLException e) {
            throw new StoreException(task + " failed on " + what + ": " + e.getMessage(), e);
        } finally {
            closeQuietly(c);
            permits.release();
        }
    }

    private void acquire(String task) {
        try {
            if (!permits.tryAcquire(10, TimeUnit.SECONDS)) {
                throw new StoreException(task + ": every connection to " + what + " is busy for 10 s", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(task + " interrupted", e);
        }
    }

    private Connection borrow() throws SQLException {
        Connection c = idle.poll();
        if (c == null) {
            c = dataSource.getConnection();
        }
        c.setAutoCommit(true);
        return c;
    }

    @Override
    public void close() {
        Connection c;
        while ((c = idle.poll()) != null) {
            closeQuietly(c);
        }
    }

    public static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // closing a broken connection: nothing more to do
        }
    }
}

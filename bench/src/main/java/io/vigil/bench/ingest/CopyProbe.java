package io.vigil.bench.ingest;

import io.vigil.hub.store.write.SampleCopy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Measures what the database takes by raw binary COPY: narrow sample rows {@code (series_id, ts, value, quality)}
 * into a scratch table made {@code LIKE samples INCLUDING ALL} (same columns, primary key and indexes), one
 * connection, {@code batchRows} rows per COPY and commit, with the database's own durability settings. The rows are
 * encoded by the hub's {@link SampleCopy}, so the comparison with ingest differs only by what ingest adds: MQTT,
 * Sparkplug decoding, the staging table and the idempotent insert.
 */
final class CopyProbe {
    static final String TABLE = "bench_raw_copy";

    private CopyProbe() {}

    /** The figures of one probe. */
    record Result(long rows, double seconds, double jvmCpu, double postgresCpu) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    static Result run(String jdbcUrl, Duration duration, int series, int batchRows, CpuMeter cpu) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            try (var st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + TABLE);
                st.execute("CREATE TABLE " + TABLE + " (LIKE samples INCLUDING ALL)");
            }
            c.setAutoCommit(false);
            var copy = new SampleCopy();
            long startMicros = (System.currentTimeMillis() - 3_600_000L) * 1_000;
            long rows = 0;
            long stamp = 0;
            double[] before = cpu.read();
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            while (System.nanoTime() < end) {
                copy.clear();
                while (copy.rows() < batchRows) {
                    long ts = startMicros + stamp * 1_000;
                    for (int s = 1; s <= series && copy.rows() < batchRows; s++) {
                        copy.add(s, ts, stamp % 1000 + s * 0.25, 192);
                    }
                    stamp++;
                }
                rows += copy.copyInto(c, TABLE);
                c.commit();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double[] after = cpu.read();
            c.setAutoCommit(true);
            try (var st = c.createStatement()) {
                st.execute("DROP TABLE " + TABLE);
            }
            return new Result(rows, seconds, after[0] - before[0], after[1] - before[1]);
        }
    }
}

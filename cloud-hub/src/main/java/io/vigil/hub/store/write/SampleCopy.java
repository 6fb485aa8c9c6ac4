package io.vigil.hub.store.write;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Sample rows {@code (series_id int4, ts timestamptz, value float8, quality int2)} gathered in a reusable buffer in
 * PostgreSQL's binary COPY format, then sent with pgjdbc's {@code CopyManager} in one COPY.
 *
 * <p>The format is the one documented for {@code COPY ... (FORMAT binary)}: an 11-byte signature, a flags word and a
 * header-extension length, then per row a field count and each field as a length (-1 for NULL) followed by the value
 * in network byte order, and a trailer of -1. Timestamps travel as microseconds since 2000-01-01 UTC. Encoding rows
 * straight into bytes avoids boxing every value, which is where an {@code unnest(array)} insert spends its time.
 *
 * <p>Not thread-safe: one instance per writer connection.
 */
public final class SampleCopy {
    /** Microseconds between the Unix epoch and PostgreSQL's epoch (2000-01-01T00:00:00Z). */
    static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final int HEADER_BYTES = SIGNATURE.length + 8;
    private static final int ROW_BYTES = 2 + (4 + 4) + (4 + 8) + (4 + 8) + (4 + 2);

    private byte[] buf = new byte[HEADER_BYTES + 1024 * ROW_BYTES + 2];
    private int pos;
    private int rows;
    private long minMicros;
    private long maxMicros;

    public SampleCopy() {
        clear();
    }

    /** Forgets every row (keeps the buffer). */
    public void clear() {
        System.arraycopy(SIGNATURE, 0, buf, 0, SIGNATURE.length);
        pos = SIGNATURE.length;
        putInt(0); // flags: no OIDs
        putInt(0); // header extension length
        rows = 0;
        minMicros = Long.MAX_VALUE;
        maxMicros = Long.MIN_VALUE;
    }

    /**
     * Adds one row.
     *
     * @param epochMicros the timestamp in microseconds since the Unix epoch
     * @param value the value; NaN or infinite is stored as NULL (a bad sample carries no value)
     * @param quality the OPC DA style quality code (192, 64, 0)
     */
    public void add(int seriesId, long epochMicros, double value, int quality) {
        ensure(ROW_BYTES);
        putShort(4);
        putInt(4);
        putInt(seriesId);
        putInt(8);
        putLong(epochMicros - PG_EPOCH_MICROS);
        if (Double.isFinite(value)) {
            putInt(8);
            putLong(Double.doubleToRawLongBits(value));
        } else {
            putInt(-1);
        }
        putInt(2);
        putShort(quality);
        rows++;
        minMicros = Math.min(minMicros, epochMicros);
        maxMicros = Math.max(maxMicros, epochMicros);
    }

    /** The earliest timestamp added since {@link #clear()}, in microseconds since the Unix epoch. */
    public long minMicros() {
        return minMicros;
    }

    /** The latest timestamp added since {@link #clear()}, in microseconds since the Unix epoch. */
    public long maxMicros() {
        return maxMicros;
    }

    public int rows() {
        return rows;
    }

    public boolean isEmpty() {
        return rows == 0;
    }

    /**
     * COPYs the rows into {@code table} (its columns {@code series_id, ts, value, quality}) on {@code c}, inside the
     * caller's transaction, and returns the number of rows PostgreSQL took. The rows stay buffered; call
     * {@link #clear} for the next batch.
     */
    public long copyInto(Connection c, String table) throws SQLException {
        if (rows == 0) {
            return 0;
        }
        CopyIn in = c.unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn("COPY " + table + " (series_id, ts, value, quality) FROM STDIN (FORMAT binary)");
        try {
            in.writeToCopy(buf, 0, pos);
            in.writeToCopy(new byte[] {-1, -1}, 0, 2);
            return in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    /** The bytes of the rows so far with the trailer, as COPY receives them (for tests). */
    byte[] bytes() {
        byte[] out = Arrays.copyOf(buf, pos + 2);
        out[pos] = -1;
        out[pos + 1] = -1;
        return out;
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }

    private void putShort(int v) {
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    private void putInt(int v) {
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    private void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }
}

package io.vigil.adapters.scan;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

/**
 * The plain TCP socket under a probe's TLS session. Every write the TLS library makes passes here, so the bytes that
 * leave the scanner are still paced ({@link Pacer}: one wait per write, i.e. per handshake flight or record) and still
 * checked: each must be a sequence of whole TLS records (header: content type, version 3.x, length) of the types a
 * client needs to say hello, finish the handshake, send an alert and carry application data. Heartbeat records (type
 * 24) and anything that is not a TLS record are refused with {@link UnsafeFrameException}. The application data
 * itself is the probe's own frames, which {@link Exchange} has already checked with the {@link FrameGuard} before the
 * TLS library encrypted them.
 */
final class TlsRecordSocket extends Socket {
    private static final int CHANGE_CIPHER_SPEC = 20;
    private static final int APPLICATION_DATA = 23;
    private static final int HEADER = 5;
    private static final int MAX_RECORD = (1 << 14) + 2048;

    private final Pacer pacer;
    private OutputStream guarded;

    TlsRecordSocket(Pacer pacer) {
        this.pacer = pacer;
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
        if (guarded == null) {
            guarded = new RecordStream(super.getOutputStream(), pacer);
        }
        return guarded;
    }

    /** Walks the record headers across writes (a record may be split between two writes). */
    static final class RecordStream extends FilterOutputStream {
        private final Pacer pacer;
        private final byte[] header = new byte[HEADER];
        private int headerBytes;
        private int bodyLeft;

        RecordStream(OutputStream out, Pacer pacer) {
            super(out);
            this.pacer = pacer;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            check(b, off, len);
            pacer.pace();
            out.write(b, off, len);
        }

        void check(byte[] b, int off, int len) {
            for (int i = off; i < off + len; ) {
                if (bodyLeft > 0) {
                    int take = Math.min(bodyLeft, off + len - i);
                    bodyLeft -= take;
                    i += take;
                    continue;
                }
                header[headerBytes++] = b[i++];
                if (headerBytes == HEADER) {
                    headerBytes = 0;
                    bodyLeft = checkHeader(header);
                }
            }
        }

        private static int checkHeader(byte[] h) {
            int type = h[0] & 0xFF;
            int length = ((h[3] & 0xFF) << 8) | (h[4] & 0xFF);
            if (type < CHANGE_CIPHER_SPEC || type > APPLICATION_DATA || h[1] != 3 || length > MAX_RECORD) {
                throw new UnsafeFrameException("refused to send a TLS record of type " + type + ", version "
                        + (h[1] & 0xFF) + "." + (h[2] & 0xFF) + ", length " + length
                        + " (only handshake, change cipher spec, alert and application data): " + Hex.of(h));
            }
            return length;
        }
    }
}

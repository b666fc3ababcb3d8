package dev.mlcompose.runner.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The client's stdin, asked for on the first read: a client whose command never reads it ({@code up}, {@code ps})
 * leaves its terminal's keys alone.
 */
final class ClientStdin extends InputStream {

    private static final byte[] END = new byte[0];

    private final Frames frames;
    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private boolean asked;
    private byte[] chunk = new byte[0];
    private int next;
    private boolean ended;

    ClientStdin(Frames frames) {
        this.frames = frames;
    }

    void offer(byte[] bytes) {
        if (bytes.length > 0) {
            chunks.add(bytes);
        }
    }

    void end() {
        chunks.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (next == chunk.length) {
            if (ended) {
                return -1;
            }
            if (!asked) {
                asked = true;
                frames.write(Frames.STDIN_WANTED, new byte[0]);
            }
            try {
                chunk = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the client's stdin");
            }
            next = 0;
            ended = chunk == END;
        }
        int n = Math.min(length, chunk.length - next);
        System.arraycopy(chunk, next, into, offset, n);
        next += n;
        return n;
    }
}

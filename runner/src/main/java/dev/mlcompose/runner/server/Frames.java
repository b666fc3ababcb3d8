package dev.mlcompose.runner.server;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The wire between the thin client ({@code runner/src/main/client/mlcompose-client.py}) and the server: frames of
 * one type byte, a 4-byte big-endian length and that many bytes. Reads and writes go straight to the channel:
 * {@code Channels.newInputStream} would hold the channel's blocking lock while it waits to read, and so block the
 * writes of the same connection.
 */
final class Frames {

    /** Client to server: the command line, its directory and environment (see {@link Request}). */
    static final byte REQUEST = 'Q';
    /** Client to server: bytes of the client's stdin, after {@link #STDIN_WANTED}. */
    static final byte STDIN = 'I';
    /** Client to server: the client's stdin ended. */
    static final byte STDIN_END = 'D';
    /** Client to server: the client got a signal, by name ("INT", "TERM"). */
    static final byte SIGNAL = 'S';
    /** Server to client: bytes for its stdout. */
    static final byte STDOUT = 'O';
    /** Server to client: bytes for its stderr. */
    static final byte STDERR = 'E';
    /** Server to client: the command reads stdin, so start sending it. */
    static final byte STDIN_WANTED = 'R';
    /** Server to client: the command's exit code, 4 bytes; the last frame. */
    static final byte EXIT = 'X';
    /** Server to client: this command needs a JVM of its own; run it so. The last frame. */
    static final byte OWN_PROCESS = 'P';

    /** Bounds a frame so that a confused peer cannot make the server allocate without end. */
    static final int MAX_LENGTH = 16 << 20;

    record Frame(byte type, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final SocketChannel channel;

    Frames(SocketChannel channel) {
        this.channel = channel;
    }

    /** The next frame; empty payloads are fine. Throws {@link EOFException} where the client is gone. */
    Frame read() throws IOException {
        ByteBuffer head = fill(ByteBuffer.allocate(5));
        int length = head.getInt(1);
        if (length < 0 || length > MAX_LENGTH) {
            throw new IOException("a frame of " + length + " bytes is beyond the protocol's bound");
        }
        return new Frame(head.get(0), fill(ByteBuffer.allocate(length)).array());
    }

    /** Writes one frame whole, never interleaved with another thread's. */
    synchronized void write(byte type, byte[] bytes, int offset, int length) throws IOException {
        var frame = ByteBuffer.allocate(5 + length).put(type).putInt(length).put(bytes, offset, length).flip();
        while (frame.hasRemaining()) {
            channel.write(frame);
        }
    }

    void write(byte type, byte[] bytes) throws IOException {
        write(type, bytes, 0, bytes.length);
    }

    private ByteBuffer fill(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new EOFException("the client closed the connection");
            }
        }
        return buffer;
    }
}

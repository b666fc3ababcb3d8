package dev.mlcompose.runner.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A pseudo-terminal's raw bytes onto the command's output writer, each write flushed at once. Decoded as UTF-8
 * across writes, since the engine's frames may split a character.
 */
final class TerminalOutput extends OutputStream {

    private final PrintWriter out;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer pending = ByteBuffer.allocate(0);

    TerminalOutput(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        ByteBuffer in = ByteBuffer.allocate(pending.remaining() + length).put(pending).put(bytes, offset, length).flip();
        CharBuffer chars = CharBuffer.allocate(in.remaining());
        decoder.decode(in, chars, false);
        pending = ByteBuffer.allocate(in.remaining()).put(in).flip(); // an incomplete character, for the next write
        out.append(chars.flip());
        out.flush();
    }
}

package dev.mlcompose.runner.server;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A command's stdout or stderr, sent to the client as frames of one type. Once the client is gone, output is
 * dropped, as a terminal that was closed drops it: the command goes on to its end (or its interrupt).
 */
final class FrameOutput extends OutputStream {

    private final Frames frames;
    private final byte type;
    private volatile boolean gone;

    FrameOutput(Frames frames, byte type) {
        this.frames = frames;
        this.type = type;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        if (gone || length == 0) {
            return;
        }
        try {
            frames.write(type, bytes, offset, length);
        } catch (IOException e) {
            gone = true;
        }
    }
}

package dev.mlcompose.runner.engine.docker;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.mlcompose.runner.engine.LogLine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Turns demultiplexed frames into whole lines: the engine frames each write, not each line, so a line
 * may span frames and a frame may hold many lines. Bytes are split before decoding to keep UTF-8 intact.
 */
final class LogLines implements Consumer<Frame> {

    private final String containerId;
    private final Consumer<LogLine> sink;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    LogLines(String containerId, Consumer<LogLine> sink) {
        this.containerId = containerId;
        this.sink = sink;
    }

    @Override
    public synchronized void accept(Frame frame) {
        boolean stderr = frame.getStreamType() == StreamType.STDERR;
        ByteArrayOutputStream buffer = stderr ? err : out;
        for (byte b : frame.getPayload()) {
            if (b == '\n') {
                emit(buffer, stderr);
            } else {
                buffer.write(b);
            }
        }
    }

    /** Emits what is left after the stream ends without a final newline. */
    synchronized void flush() {
        if (out.size() > 0) {
            emit(out, false);
        }
        if (err.size() > 0) {
            emit(err, true);
        }
    }

    private void emit(ByteArrayOutputStream buffer, boolean stderr) {
        String text = buffer.toString(StandardCharsets.UTF_8);
        buffer.reset();
        // A tty writes CRLF.
        String line = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        sink.accept(new LogLine(containerId, stderr, line));
    }
}

"""The thin client of mlcompose's resident server (MLCOMPOSE_SERVER=1; see the README's "Resident server").

It hands the command line, the working directory and the environment to the server over a Unix socket, plays the
server's output back on stdout and stderr, forwards SIGINT and SIGTERM, sends stdin when the command reads it, and
exits with the command's code. It starts the server when none answers, and runs the command in a JVM of its own
when the server says it needs one (attach, exec, run) or cannot be reached. The frames are those of
dev.mlcompose.runner.server.Frames. Run by ./mlcompose as:

    python3 -S mlcompose-client.py SOCKET SERVER_COMMAND... --- OWN_JVM_COMMAND... --- ARGS...
"""
import os
import signal
import socket
import stat
import struct
import sys
import threading
import time

START_DEADLINE_S = 30
# What run() answers where the server sends the command back to run in a JVM of its own
OWN_PROCESS = "own process"
# sun_path holds 108 bytes on Linux, its NUL included
MAX_SOCKET_PATH = 107
# Where signals go once a command was handed over; before that they end the client, as they end a starting JVM.
handed_over = None


def on_signal(signum, frame):
    if handed_over is None:
        os._exit(128 + signum)
    handed_over.send(b"S", signal.Signals(signum).name[3:].encode())


def main(argv):
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, on_signal)
    path, rest = argv[0], argv[1:]
    cut = rest.index("---")
    server_command, rest = rest[:cut], rest[cut + 1:]
    cut = rest.index("---")
    own_jvm, args = rest[:cut], rest[cut + 1:]
    for attempt in range(2):
        conn = connect(path, server_command)
        if conn is None:
            own_process(own_jvm, args)
        outcome = run(conn, args)
        if outcome == OWN_PROCESS:
            own_process(own_jvm, args)
        if outcome is not None:
            return outcome
        # closed before any frame: the server was leaving as it accepted us; nothing ran, so ask a new one
    sys.stderr.write("mlcompose: the resident server closed the connection without an answer\n")
    return 1


def own_process(own_jvm, args):
    os.execvp(own_jvm[0], own_jvm + args)


def connect(path, server_command):
    """A connection to the server, started if needed; None where it cannot be had (then the JVM of its own)."""
    directory = os.path.dirname(path)
    if len(os.fsencode(path)) > MAX_SOCKET_PATH:
        sys.stderr.write("mlcompose: the server's socket path %s is too long for a Unix socket; running without it\n"
                         % path)
        return None
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        st = os.lstat(directory)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o077:
        sys.stderr.write("mlcompose: %s is not a private directory of yours; running without the server\n" % directory)
        return None
    conn = attempt(path)
    if conn is not None:
        return conn
    import subprocess
    with open(path + ".log", "ab") as log:
        subprocess.Popen(server_command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                         start_new_session=True, close_fds=True)
    deadline = time.monotonic() + START_DEADLINE_S
    while time.monotonic() < deadline:
        time.sleep(0.05)
        conn = attempt(path)
        if conn is not None:
            return conn
    sys.stderr.write("mlcompose: the resident server did not start (see %s.log); running without it\n" % path)
    return None


def attempt(path):
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(path)
        return conn
    except OSError:
        conn.close()
        return None


class Wire:
    def __init__(self, conn):
        self.conn = conn
        self.lock = threading.Lock()

    def send(self, kind, payload=b""):
        frame = kind + struct.pack(">I", len(payload)) + payload
        with self.lock:
            try:
                self.conn.sendall(frame)
            except OSError:
                pass  # the server is gone; the reading side says so

    def receive(self):
        head = self.exactly(5)
        if head is None:
            return None, None
        payload = self.exactly(struct.unpack(">I", head[1:])[0])
        return (head[:1], payload) if payload is not None else (None, None)

    def exactly(self, n):
        chunks, left = [], n
        while left > 0:
            chunk = self.conn.recv(min(left, 1 << 16))
            if not chunk:
                return None
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)


def run(conn, args):
    """The command's exit code; OWN_PROCESS where the server sent it back; None where the server closed first."""
    global handed_over
    wire = Wire(conn)
    console = "1" if os.isatty(0) and os.isatty(1) else "0"
    fields = ["1", os.getcwd(), console, str(len(args))] + args + ["%s=%s" % kv for kv in os.environ.items()]
    wire.send(b"Q", "\0".join(fields).encode("utf-8", "surrogateescape"))
    handed_over = wire
    first = True
    while True:
        kind, payload = wire.receive()
        if kind is None:
            if first:
                return None
            sys.stderr.write("mlcompose: the resident server ended without the command's exit code\n")
            return 1
        first = False
        if kind == b"O":
            write(1, payload)
        elif kind == b"E":
            write(2, payload)
        elif kind == b"R":
            threading.Thread(target=pump_stdin, args=(wire,), daemon=True).start()
        elif kind == b"X":
            return struct.unpack(">i", payload)[0]
        elif kind == b"P":
            return OWN_PROCESS


def write(fd, data):
    try:
        while data:
            data = data[os.write(fd, data):]
    except OSError:
        pass  # a closed pipe (| head): dropped, as the JVM of its own drops it


def pump_stdin(wire):
    while True:
        try:
            data = os.read(0, 1 << 16)
        except OSError:
            data = b""
        if not data:
            wire.send(b"D")
            return
        wire.send(b"I", data)


if __name__ == "__main__":
    os._exit(main(sys.argv[1:]))  # not sys.exit: a stdin pump may still wait on the terminal

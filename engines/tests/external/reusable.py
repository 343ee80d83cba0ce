#!/usr/bin/env python3
"""A protocol engine that declares itself reusable (hello flag 32), for
engines/tests/external.rs: it runs `stateless` (emitting nothing) and answers `stats` with
the number of runs this process has started and its pid, so a test can tell a kept process
from a new one. After a run's connection ends it connects again; once that is refused, it
exits."""
import os
import socket
import struct
import sys

host, port = os.environ["STREAMBENCH_ADDR"].rsplit(":", 1)


def string(s):
    return struct.pack("<Q", len(s)) + s.encode()


runs = 0
while True:
    try:
        sock = socket.create_connection((host, int(port)))
    except OSError:
        sys.exit(0)  # streambench has no further run for this process

    def send(kind, body=b""):
        sock.sendall(struct.pack("<IB", len(body) + 1, kind) + body)

    hello = struct.pack("<Q", 1) + string("reusable") + struct.pack("<Q", 1) + string("stateless")
    send(1, hello + struct.pack("<Q", 32))
    f = sock.makefile("rb")
    try:
        while True:
            head = f.read(4)
            if len(head) < 4:
                break  # the run is over
            (n,) = struct.unpack("<I", head)
            kind = f.read(n)[0]
            if kind == 16:  # start
                runs += 1
            if kind == 20:  # stats
                send(4, struct.pack("<QQ", runs, os.getpid()))
            if kind == 19:  # finish
                send(3)
    except (ConnectionResetError, BrokenPipeError):
        pass
    sock.close()

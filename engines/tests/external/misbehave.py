#!/usr/bin/env python3
"""A protocol engine that breaks the protocol in the way its first argument names, for
engines/tests/external.rs: crash, malformed, version, hang, error, silent."""
import os
import socket
import struct
import sys
import time

mode = sys.argv[1]
if mode == "silent":
    time.sleep(30)  # never connects
    sys.exit(0)
host, port = os.environ["STREAMBENCH_ADDR"].rsplit(":", 1)
sock = socket.create_connection((host, int(port)))


def send(kind, body=b""):
    sock.sendall(struct.pack("<IB", len(body) + 1, kind) + body)


def string(s):
    return struct.pack("<Q", len(s)) + s.encode()


version = 9 if mode == "version" else 1
send(1, struct.pack("<Q", version) + string("misbehave") + struct.pack("<Q", 1) + string("stateless") + struct.pack("<Q", 0))
f = sock.makefile("rb")
while True:
    head = f.read(4)
    if len(head) < 4:
        sys.exit(0)
    (n,) = struct.unpack("<I", head)
    kind = f.read(n)[0]
    if kind == 17:  # the first events frame
        if mode == "crash":
            print("misbehave: giving up on purpose", file=sys.stderr, flush=True)
            sys.exit(3)
        if mode == "malformed":
            sock.sendall(struct.pack("<I", 0xFFFFFFFF))
        if mode == "error":
            send(6, string("cannot count today"))
    if kind == 20:
        send(4, struct.pack("<QQ", 0, 0))
    if kind == 19 and mode != "hang":
        send(3)

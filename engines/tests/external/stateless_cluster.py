#!/usr/bin/env python3
"""A protocol engine declaring multi_process, for engines/tests/external.rs: it runs only
`stateless`, which needs no exchange between processes (each process filters and maps its
own share), and refuses a `start` that does not place it in a cluster of at least two."""
import os
import socket
import struct

host, port = os.environ["STREAMBENCH_ADDR"].rsplit(":", 1)
sock = socket.create_connection((host, int(port)))
f = sock.makefile("rb")
U64 = struct.Struct("<Q")


def send(kind, body=b""):
    sock.sendall(struct.pack("<IB", len(body) + 1, kind) + body)


def string(s):
    return U64.pack(len(s)) + s.encode()


def read_string(buf, off):
    (n,) = U64.unpack_from(buf, off)
    return buf[off + 8 : off + 8 + n].decode(), off + 8 + n


watermark, late = 0, 0
send(1, U64.pack(1) + string("stateless-cluster") + U64.pack(1) + string("stateless") + U64.pack(4))
while True:
    head = f.read(4)
    if len(head) < 4:
        break
    (n,) = struct.unpack("<I", head)
    frame = f.read(n)
    kind, body = frame[0], frame[1:]
    if kind == 16:  # start: workload, parameters, settings, workers, process, peers
        _, off = read_string(body, 0)
        for _ in range(2):  # parameters, then settings: lists of pairs
            (count,) = U64.unpack_from(body, off)
            off += 8
            for _ in range(2 * count):
                _, off = read_string(body, off)
        _workers, process, peers = struct.unpack_from("<QQQ", body, off)
        if peers < 2 or process >= peers:
            send(6, string(f"process {process} of {peers} peers is not a cluster"))
            break
    elif kind == 17:
        (count,) = U64.unpack_from(body, 0)
        off, out = 8, []
        for _ in range(count):
            _, time, key, value, tag = struct.unpack_from("<QQQqQ", body, off)
            assert tag == 0, "stateless events carry no payload"
            off += 40
            if time < watermark:
                late += 1  # behind the watermark: dropped and counted
            elif value % 2 == 0:
                out.append(struct.pack("<QQqQ", time, key, value * 3 + 1, 0))
        if out:
            send(2, U64.pack(len(out)) + b"".join(out))
    elif kind == 18:
        (watermark,) = U64.unpack_from(body, 0)
    elif kind == 19:
        send(3)
    elif kind == 20:
        send(4, struct.pack("<QQ", 0, late))

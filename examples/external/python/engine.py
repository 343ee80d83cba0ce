#!/usr/bin/env python3
"""A streambench engine in Python (standard library only), speaking the wire protocol of
docs/protocol.md. It runs the workloads `stateless`, `window-count`, `nexmark-q1` and
`nexmark-q7`, honours no `workers` (it is one thread), and supports snapshots.

Run it through streambench:
    streambench conform --external 'py=python3 examples/external/python/engine.py'
    streambench run --external 'py=python3 examples/external/python/engine.py' --engines py,dataflow
"""
import json
import os
import socket
import struct
import sys

VERSION = 1
WORKLOADS = ["stateless", "window-count", "nexmark-q1", "nexmark-q7"]
FLAG_WORKERS, FLAG_SNAPSHOTS, FLAG_MULTI_PROCESS = 1, 2, 4

# Frame types (docs/protocol.md, "Frames").
HELLO, OUTPUTS, DONE, STATS, STATE, ERROR = 1, 2, 3, 4, 5, 6
START, EVENTS, WATERMARK, FINISH, STATS_REQ, SNAPSHOT, RESTORE = 16, 17, 18, 19, 20, 21, 22

SECOND = 1_000_000_000  # event times are nanoseconds
U64 = struct.Struct("<Q")
EVENT = struct.Struct("<QQq")  # time, key, value
SCHEDULED_EVENT = struct.Struct("<QQQq")  # scheduled, time, key, value


def skip_payload(buf, off):
    """Returns (tag, end offset) of the payload at `off` (docs/protocol.md, "Payloads")."""
    (tag,) = U64.unpack_from(buf, off)
    off += 8
    if tag == 0:
        return tag, off
    if tag == 1:
        (n,) = U64.unpack_from(buf, off)
        return tag, off + 8 + n
    if tag == 2:
        (kind,) = U64.unpack_from(buf, off)
        off += 8
        # person: id, 5 strings, date_time, extra; auction: id, 2 strings, 6 integers,
        # extra; bid: 4 integers, extra ("i" an 8-byte integer, "s" a byte string).
        for field in {0: "isssssis", 1: "issiiiiiis", 2: "iiiis"}[kind]:
            off = skip_field(buf, off, field)
        return tag, off
    if tag == 3:
        (n,) = U64.unpack_from(buf, off)
        off += 8
        for _ in range(n):
            (ftag,) = U64.unpack_from(buf, off)
            off = skip_field(buf, off + 8, "i" if ftag == 0 else "s")
        return tag, off
    raise ValueError(f"unknown payload tag {tag}")


def skip_field(buf, off, field):
    if field == "i":
        return off + 8
    (n,) = U64.unpack_from(buf, off)
    return off + 8 + n


def bid_fields(payload):
    """(auction, bidder, price, date_time, extra bytes) of a bid payload, else None."""
    tag, kind = struct.unpack_from("<QQ", payload, 0)
    if tag != 2 or kind != 2:
        return None
    auction, bidder, price, date_time, n = struct.unpack_from("<qqqqQ", payload, 16)
    return auction, bidder, price, date_time, payload[56 : 56 + n]


def bid_payload(auction, bidder, price, date_time, extra):
    return struct.pack("<QQqqqqQ", 2, 2, auction, bidder, price, date_time, len(extra)) + extra


class Engine:
    """The state of one run: the watermark, late events and the open windows."""

    def __init__(self, workload):
        self.workload = workload
        self.window = SECOND  # the tumbling window of window-count and q7
        self.watermark = 0
        self.late = 0
        self.counts = {}  # window-count: (end, key) -> count
        self.tops = {}  # nexmark-q7: end -> (max price, [(key, value, payload)])

    def on_event(self, time, key, value, payload, out):
        if time < self.watermark:
            self.late += 1  # behind the watermark: dropped and counted
            return
        w = self.workload
        if w == "stateless":
            if value % 2 == 0:
                out.append((time, key, value * 3 + 1, payload))
        elif w == "window-count":
            end = time - time % self.window + self.window
            self.counts[(end, key)] = self.counts.get((end, key), 0) + 1
        elif w == "nexmark-q1":
            bid = bid_fields(payload)
            if bid:
                auction, bidder, price, date_time, extra = bid
                euros = price * 89 // 100  # prices are positive: floor is truncation
                out.append((time, key, euros, bid_payload(auction, bidder, euros, date_time, extra)))
        elif w == "nexmark-q7":
            bid = bid_fields(payload)
            if bid:
                end = time - time % self.window + self.window
                best, records = self.tops.get(end, (value, []))
                if value > best:
                    best, records = value, []
                if value == best:
                    records.append((bid[0], value, payload))
                self.tops[end] = (best, records)

    def on_watermark(self, watermark, out):
        self.watermark = watermark
        for end, key in [k for k in self.counts if k[0] <= watermark]:
            out.append((end - 1, key, self.counts.pop((end, key)), b""))
        for end in [e for e in self.tops if e <= watermark]:
            for auction, value, payload in self.tops.pop(end)[1]:
                out.append((end - 1, auction % (1 << 64), value, payload))

    def state_bytes(self):
        return 24 * len(self.counts) + sum(32 * len(r) for _, r in self.tops.values())

    def snapshot(self):
        return json.dumps({
            "watermark": self.watermark, "late": self.late,
            "counts": [[e, k, c] for (e, k), c in self.counts.items()],
            "tops": [[e, b, [[a, v, p.hex()] for a, v, p in r]] for e, (b, r) in self.tops.items()],
        }).encode()

    def restore(self, data):
        s = json.loads(data)
        self.watermark, self.late = s["watermark"], s["late"]
        self.counts = {(e, k): c for e, k, c in s["counts"]}
        self.tops = {e: (b, [(a, v, bytes.fromhex(p)) for a, v, p in r]) for e, b, r in s["tops"]}


def string(s):
    b = s.encode()
    return U64.pack(len(b)) + b


def read_string(buf, off):
    (n,) = U64.unpack_from(buf, off)
    return buf[off + 8 : off + 8 + n].decode(), off + 8 + n


def send(sock, kind, body=b""):
    sock.sendall(struct.pack("<IB", len(body) + 1, kind) + body)


def encode_outputs(out):
    parts = [U64.pack(len(out))]
    for time, key, value, payload in out:
        parts.append(EVENT.pack(time, key, value))
        parts.append(payload if payload else U64.pack(0))
    return b"".join(parts)


def read_frame(f):
    head = f.read(4)
    if len(head) < 4:
        return None, None  # the harness closed the connection: the run is over
    (n,) = struct.unpack("<I", head)
    body = f.read(n)
    return body[0], body[1:]


def main():
    host, port = os.environ["STREAMBENCH_ADDR"].rsplit(":", 1)
    sock = socket.create_connection((host, int(port)))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    f = sock.makefile("rb", buffering=1 << 16)
    hello = U64.pack(VERSION) + string("python-example") + U64.pack(len(WORKLOADS))
    hello += b"".join(string(w) for w in WORKLOADS) + U64.pack(FLAG_SNAPSHOTS)
    send(sock, HELLO, hello)
    kind, body = read_frame(f)
    if kind != START:
        return
    workload, off = read_string(body, 0)
    engine = Engine(workload)
    (n,) = U64.unpack_from(body, off)
    off += 8
    for _ in range(n):  # of the parameters only `window` (ns, when resized) is used here
        key, off = read_string(body, off)
        value, off = read_string(body, off)
        if key == "window":
            engine.window = int(value)
    while True:
        kind, body = read_frame(f)
        if kind is None:
            return
        out = []
        if kind == EVENTS:
            buf = body
            (n,) = U64.unpack_from(buf, 0)
            off = 8
            for _ in range(n):
                _, time, key, value = SCHEDULED_EVENT.unpack_from(buf, off)
                start = off + 32
                _, off = skip_payload(buf, start)
                engine.on_event(time, key, value, buf[start:off], out)
        elif kind == WATERMARK:
            watermark, _scheduled = struct.unpack_from("<QQ", body, 0)
            engine.on_watermark(watermark, out)
        elif kind == FINISH:
            engine.on_watermark(2**64 - 1, out)  # end of input closes every window
        elif kind == STATS_REQ:
            send(sock, STATS, struct.pack("<QQ", engine.state_bytes(), engine.late))
        elif kind == SNAPSHOT:
            state = engine.snapshot()
            send(sock, STATE, U64.pack(len(state)) + state)
        elif kind == RESTORE:
            (n,) = U64.unpack_from(body, 0)
            engine.restore(body[8 : 8 + n])
            send(sock, DONE)
        else:
            message = f"unexpected frame type {kind}"
            send(sock, ERROR, string(message))
            return
        if out:
            send(sock, OUTPUTS, encode_outputs(out))
        if kind == FINISH:
            send(sock, DONE)


if __name__ == "__main__":
    try:
        main()
    except (BrokenPipeError, ConnectionResetError):
        sys.exit(0)

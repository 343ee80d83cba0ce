#!/usr/bin/env python3
"""A TCP relay that delays every byte by a fixed time in each direction.

Why: this machine's kernel has no netem (CONFIG_NET_SCH_NETEM is not set; `tc qdisc add
... netem` answers "Error: Specified qdisc kind is unknown."), so scripts/netns-delay.sh
puts the delay in user space: each process's peers reach it through one of these, across
a veth pair between two network namespaces. Order is kept and bandwidth is not limited;
what it adds beyond the delay is one more copy per byte (tens of µs at these rates).
DELAY_MS may be FORWARD_MS/BACK_MS: bytes towards the target delayed FORWARD_MS, bytes back
BACK_MS (a delay one way only tells a wait for one crossing from one for a round trip).

usage: delay-proxy.py LISTEN_HOST:PORT TARGET_HOST:PORT DELAY_MS[/BACK_MS]
"""
import asyncio
import socket
import sys
import time


def split(addr):
    host, port = addr.rsplit(":", 1)
    return host, int(port)


async def pump(reader, writer, delay_s):
    """Copies reader to writer, each chunk leaving `delay_s` after it arrived."""
    queue = asyncio.Queue()

    async def send():
        while True:
            due, data = await queue.get()
            if data is None:
                break
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            writer.write(data)
            await writer.drain()
        # Half-close only: timely shuts down its writer at the end and keeps reading.
        if writer.can_write_eof():
            writer.write_eof()

    sender = asyncio.create_task(send())
    while True:
        data = await reader.read(1 << 16)
        queue.put_nowait((time.monotonic() + delay_s, data or None))
        if not data:
            break
    await sender


async def handle(client_r, client_w, target, delays):
    # The engine behind may not listen yet (a peer connecting directly would retry): keep
    # trying for a minute, as timely's own connect does, rather than close on the caller.
    deadline = time.monotonic() + 60
    while True:
        try:
            server_r, server_w = await asyncio.open_connection(*target)
            break
        except OSError as e:
            if time.monotonic() > deadline:
                print(f"delay-proxy: cannot reach {target}: {e}", file=sys.stderr)
                client_w.close()
                return
            await asyncio.sleep(0.005)
    for w in (client_w, server_w):
        w.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    await asyncio.gather(
        pump(client_r, server_w, delays[0]),
        pump(server_r, client_w, delays[1]),
        return_exceptions=True,
    )
    for w in (client_w, server_w):
        w.close()


async def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[-1])
    listen, target = split(sys.argv[1]), split(sys.argv[2])
    forward, _, back = sys.argv[3].partition("/")
    delays = (float(forward) / 1e3, float(back or forward) / 1e3)
    server = await asyncio.start_server(
        lambda r, w: handle(r, w, target, delays), *listen, reuse_address=True
    )
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())

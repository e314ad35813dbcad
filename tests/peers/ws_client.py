#!/usr/bin/python3
"""WebSocket client for Holdfast interop tests (Debian python3-websockets 10.4).

Runs one scenario and prints one final JSON line {"ok": bool, ...}; exits 0 if ok, else 1.
Intermediate lines (e.g. CONNECTED) are plain text, flushed.
"""

import argparse
import asyncio
import json
import ssl
import sys

import websockets
import websockets.exceptions

MAX_SIZE = 64 * 1024 * 1024


def emit(line):
    print(line, flush=True)


def connect(args, **extra):
    options = dict(
        subprotocols=[args.subprotocol] if args.subprotocol else None,
        compression=None if args.no_deflate else "deflate",
        max_size=MAX_SIZE,
        open_timeout=args.timeout,
        close_timeout=args.timeout,
    )
    if args.url.startswith("wss:"):
        options["ssl"] = ssl.create_default_context(cafile=args.cafile)
    options.update(extra)
    return websockets.connect(args.url, **options)


def handshake_details(ws):
    return {
        "subprotocol": ws.subprotocol,
        "extensions": ws.response_headers.get("Sec-WebSocket-Extensions"),
    }


async def scenario_echo(args):
    result = {"checks": {}}
    async with connect(args) as ws:
        result.update(handshake_details(ws))
        checks = result["checks"]

        async def roundtrip(name, message):
            await ws.send(message)
            reply = await asyncio.wait_for(ws.recv(), args.timeout)
            checks[name] = reply == message

        await roundtrip("text", "hello")
        await roundtrip("binary", bytes(range(256)) * 4)
        await roundtrip("text_1mib", "".join(chr(ord("a") + i % 26) for i in range(1 << 20)))
        await roundtrip("binary_1mib", bytes(i % 251 for i in range(1 << 20)))

        async def fragments():
            for part in ("frag-one|", "frag-two|", "frag-three"):
                yield part

        # websockets 10.4 sends each fragment as a frame, then an empty final continuation.
        await ws.send(fragments())
        reply = await asyncio.wait_for(ws.recv(), args.timeout)
        checks["fragmented"] = reply == "frag-one|frag-two|frag-three"

        pong_waiter = await ws.ping(b"hf-ping")
        await asyncio.wait_for(pong_waiter, args.timeout)
        checks["ping"] = True
    result["close_code"] = ws.close_code
    result["ok"] = all(checks.values())
    return result


async def scenario_close(args):
    async with connect(args) as ws:
        result = handshake_details(ws)
        await ws.close(args.code, "client-close")
    # After close() returns, close_code is the code in the server's answering close frame.
    result.update(close_code=ws.close_code, close_reason=ws.close_reason)
    result["ok"] = ws.close_code == args.code
    return result


async def scenario_origin_close(args):
    async with connect(args) as ws:
        await ws.send("close:%d" % args.code)
        await asyncio.wait_for(ws.wait_closed(), args.timeout)
    return {
        "ok": ws.close_code == args.code and ws.close_reason == "origin-close",
        "close_code": ws.close_code,
        "close_reason": ws.close_reason,
    }


async def scenario_wait_close(args):
    ws = await connect(args)
    emit("CONNECTED")
    try:
        await asyncio.wait_for(ws.wait_closed(), args.timeout)
    except asyncio.TimeoutError:
        await ws.close()
        return {"ok": False, "error": "timeout", "close_code": None}
    return {"ok": True, "close_code": ws.close_code, "close_reason": ws.close_reason}


async def scenario_load(args):
    counts = {"connected": 0, "echoed": 0, "errors": 0}
    first_error = []

    async def one(index):
        try:
            async with connect(args) as ws:
                counts["connected"] += 1
                for n in range(args.messages):
                    message = "client-%d-message-%d" % (index, n)
                    await ws.send(message)
                    if await ws.recv() == message:
                        counts["echoed"] += 1
        except Exception as exc:  # counted, not fatal: the report says how many got through
            counts["errors"] += 1
            if not first_error:
                first_error.append(repr(exc))

    try:
        await asyncio.wait_for(
            asyncio.gather(*(one(i) for i in range(args.clients))), args.timeout
        )
    except asyncio.TimeoutError:
        first_error.append("timeout")
    result = dict(counts)
    result["expected"] = args.clients * args.messages
    result["ok"] = counts["echoed"] == args.clients * args.messages
    if first_error:
        result["error"] = first_error[0]
    return result


async def scenario_status(args):
    try:
        async with connect(args):
            pass
    except websockets.exceptions.InvalidStatusCode as exc:
        return {"ok": exc.status_code == args.expect_status, "status": exc.status_code}
    return {"ok": False, "status": 101, "error": "handshake was accepted"}


async def scenario_receive(args):
    """Waits for --messages messages (say, publishes), then closes; text as is, binary as hex."""
    async with connect(args) as ws:
        result = handshake_details(ws)
        emit("CONNECTED")
        received = []
        for _ in range(args.messages):
            message = await asyncio.wait_for(ws.recv(), args.timeout)
            received.append(message if isinstance(message, str) else "hex:" + message.hex())
        result["received"] = received
    result["close_code"] = ws.close_code
    result["ok"] = True
    return result


SCENARIOS = {
    "receive": scenario_receive,
    "echo": scenario_echo,
    "close": scenario_close,
    "origin-close": scenario_origin_close,
    "wait-close": scenario_wait_close,
    "load": scenario_load,
    "status": scenario_status,
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--scenario", required=True, choices=sorted(SCENARIOS))
    parser.add_argument("--subprotocol")
    parser.add_argument("--no-deflate", action="store_true")
    parser.add_argument("--cafile")
    parser.add_argument("--code", type=int, default=1000)
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--messages", type=int, default=10)
    parser.add_argument("--expect-status", type=int)
    args = parser.parse_args()

    try:
        result = asyncio.run(SCENARIOS[args.scenario](args))
    except Exception as exc:
        result = {"ok": False, "error": "%s: %s" % (type(exc).__name__, exc)}
    result["scenario"] = args.scenario
    emit(json.dumps(result))
    sys.exit(0 if result.get("ok") else 1)


if __name__ == "__main__":
    main()

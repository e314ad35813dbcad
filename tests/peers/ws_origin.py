#!/usr/bin/python3
"""WebSocket origin for Holdfast interop tests (Debian python3-websockets 10.4).

Prints one line per event, flushed, so a test can follow along:
  READY <port>
  OPEN path=<p> subprotocol=<x|-> extensions=<response Sec-WebSocket-Extensions|-> xff=<X-Forwarded-For|-> host=<Host>
  REJECTED status=<code> path=<p>
  CLOSED code=<code> reason=<reason>
Values can contain spaces (extensions, xff, reason); the keys always come in this order.
"""

import argparse
import asyncio
import http
import json
import signal
import ssl
import sys
import types

import websockets
import websockets.exceptions


def emit(line):
    print(line, flush=True)


def header_or_dash(headers, name):
    value = headers.get_all(name)
    return ", ".join(value) if value else "-"


def http_status(code):
    # websockets writes status.value and status.phrase; codes outside HTTPStatus get a stand-in.
    try:
        return http.HTTPStatus(code)
    except ValueError:
        return types.SimpleNamespace(value=code, phrase="Origin Status")


async def handler(ws):
    emit(
        "OPEN path=%s subprotocol=%s extensions=%s xff=%s host=%s"
        % (
            ws.path,
            ws.subprotocol or "-",
            header_or_dash(ws.response_headers, "Sec-WebSocket-Extensions"),
            header_or_dash(ws.request_headers, "X-Forwarded-For"),
            header_or_dash(ws.request_headers, "Host"),
        )
    )
    try:
        async for message in ws:
            if isinstance(message, str) and message.startswith("close:"):
                await ws.close(int(message[len("close:"):]), "origin-close")
                break
            if message == "headers":
                # Lower-case names, repeated headers joined, so callers need not guess spelling.
                headers = {}
                for name, value in ws.request_headers.raw_items():
                    key = name.lower()
                    headers[key] = headers[key] + ", " + value if key in headers else value
                await ws.send(json.dumps(headers))
                continue
            await ws.send(message)
    except websockets.exceptions.ConnectionClosed:
        pass
    # close_code is what the client sent in its close frame (or echoed), 1006 if it dropped.
    await ws.wait_closed()
    emit("CLOSED code=%s reason=%s" % (ws.close_code, ws.close_reason))


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--subprotocols", default="")
    parser.add_argument("--no-deflate", action="store_true")
    parser.add_argument("--status", type=int)
    args = parser.parse_args()

    ssl_context = None
    if args.tls_cert:
        ssl_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ssl_context.load_cert_chain(args.tls_cert, args.tls_key)

    def process_request(path, request_headers):
        if args.status is None:
            return None
        emit("REJECTED status=%d path=%s" % (args.status, path))
        body = ("origin says %d\n" % args.status).encode()
        return (http_status(args.status), [("Content-Type", "text/plain")], body)

    subprotocols = [p for p in args.subprotocols.split(",") if p] or None
    stop = asyncio.get_running_loop().create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set_result, None)

    async with websockets.serve(
        handler,
        args.host,
        args.port,
        ssl=ssl_context,
        subprotocols=subprotocols,
        compression=None if args.no_deflate else "deflate",
        process_request=process_request,
        max_size=64 * 1024 * 1024,
    ) as server:
        port = server.sockets[0].getsockname()[1]
        emit("READY %d" % port)
        await stop


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)

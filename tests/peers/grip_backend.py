#!/usr/bin/python3
"""A GRIP backend as a process of its own (python3 standard library only), for fault tests:
what it answers is chosen by --mode, and a test can kill -9 it whenever it likes.

Modes (every request gets the same treatment):
  hold      200 with Grip-Hold: stream and Grip-Channel: <--channel>, body "opened\\n"
  garbage   bytes that are not HTTP, then close
  badhold   200 with an invalid Grip-Hold header ("Grip-Hold: forever")
  truncated a response head cut off in the middle of Grip-Hold, then close
  stall     reads the request and never answers

Prints, flushed:
  READY <port>
  REQUEST <method> <path>
"""

import argparse
import socket
import sys
import threading

ANSWERS = {
    "hold": None,  # built from --channel
    "garbage": b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 not http at all\r\n\r\n",
    "badhold": b"HTTP/1.1 200 OK\r\nGrip-Hold: forever\r\nGrip-Channel: c\r\n"
    b"Content-Length: 0\r\n\r\n",
    "truncated": b"HTTP/1.1 200 OK\r\nGrip-Ho",
    "stall": b"",
}


def emit(line):
    print(line, flush=True)


def serve(conn, mode, channel):
    stalled = []
    with conn:
        head = b""
        while b"\r\n\r\n" not in head:
            data = conn.recv(65536)
            if not data:
                return
            head += data
        request_line = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
        emit("REQUEST %s %s" % (request_line[0], request_line[1] if len(request_line) > 1 else "-"))
        if mode == "stall":
            # Keep the socket open and unanswered until the process dies.
            stalled.append(conn)
            threading.Event().wait()
        if mode == "hold":
            answer = (
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nGrip-Hold: stream\r\n"
                "Grip-Channel: %s\r\nContent-Length: 7\r\n\r\nopened\n" % channel
            ).encode()
        else:
            answer = ANSWERS[mode]
        conn.sendall(answer)
        if mode == "hold":
            # Holdfast closes its side once the instruction is complete.
            while conn.recv(65536):
                pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--mode", choices=sorted(ANSWERS), default="hold")
    parser.add_argument("--channel", default="faults")
    args = parser.parse_args()

    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", args.port))
    server.listen(128)
    emit("READY %d" % server.getsockname()[1])
    while True:
        conn, _ = server.accept()
        threading.Thread(target=serve, args=(conn, args.mode, args.channel), daemon=True).start()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)

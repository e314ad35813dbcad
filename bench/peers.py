"""The processes a benchmark run measures: Holdfast, Pushpin, nginx and the echo origin.

Each runs in its own session on free 127.0.0.1 ports with its files in a scratch directory, and
is measured as a process tree (Pushpin is five processes, nginx a master and its workers).
"""

import os
import resource
import signal
import socket
import subprocess
import time
import urllib.request

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def _children_map():
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    return children


def tree_pids(root):
    children = _children_map()
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo.extend(children.get(pid, []))
    return pids


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total / CLOCK_TICKS


def rss_kib(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * PAGE_KIB
        except OSError:
            pass
    return total


def established(port):
    """Established TCP connections whose local port is port (the server side)."""
    out = subprocess.run(["ss", "-Htn", "state", "established", f"( sport = :{port} )"],
                         capture_output=True, text=True, check=False).stdout
    return sum(1 for line in out.splitlines() if line.strip())


def wait_until(predicate, timeout, what, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise RuntimeError(f"timed out after {timeout} s waiting for {what}")


def holds_stream(port, path):
    """True once GET path is answered 200: Pushpin answers 500 to a held request until its
    handler has connected to the proxy."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode())
            head = b""
            while b"\r\n" not in head:
                chunk = s.recv(256)
                if not chunk:
                    return False
                head += chunk
            return head.startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def answers_http(port, path="/"):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=1).read(1)
        return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


class Child:
    """A process in its own session, its output in a log file; stop() ends the whole group."""

    def __init__(self, args, log_path, env=None):
        self.log_path = log_path
        self.log = open(log_path, "wb")
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT,
                                     env={**os.environ, **(env or {})},
                                     start_new_session=True, preexec_fn=raise_fd_limit)

    def output(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode(errors="replace")

    def wait_for_output(self, text, timeout=20):
        def seen():
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.log_path}: exited early:\n{self.output()[-2000:]}")
            return text in self.output()
        wait_until(seen, timeout, f"'{text}' in {self.log_path}")

    def pids(self):
        return tree_pids(self.proc.pid) if self.proc.poll() is None else []

    def stop(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait()
        self.log.close()


class Holdfast:
    name = "Holdfast"

    def __init__(self, build, workdir, routes=None, extra=()):
        self.port, self.publish_port = free_port(), free_port()
        args = [f"{build}/app/holdfast", "--headless",
                "--listen", f"127.0.0.1:{self.port}",
                "--publish-listen", f"127.0.0.1:{self.publish_port}",
                "--ledger", f"{workdir}/holdfast-ledger.sqlite",
                "--max-connections", "20000", *extra]
        if routes:
            path = f"{workdir}/holdfast-routes"
            with open(path, "w") as f:
                f.write(routes)
            args += ["--routes", path]
        # Both brokers log warnings only: a line per connection is not what is measured.
        self.child = Child(args, f"{workdir}/holdfast.log",
                           env={"QT_LOGGING_RULES": "holdfast.broker.conn.info=false"})
        self.child.wait_for_output(f"listening on 127.0.0.1:{self.port}")

    def stop(self):
        self.child.stop()


class Pushpin:
    """Debian's Pushpin 1.36 with its message_rate limit raised from 2,500/s to 100,000/s so the
    limiter, not the proxy, is never what a benchmark measures."""

    name = "Pushpin"

    def __init__(self, workdir, routes="* test\n"):
        run, log = f"{workdir}/pushpin-run", f"{workdir}/pushpin-log"
        os.makedirs(run, exist_ok=True)
        os.makedirs(log, exist_ok=True)
        self.port, self.publish_port = free_port(), free_port()
        ipc = f"ipc://{run}/"
        conf = f"""[global]
include=/usr/lib/pushpin/internal.conf
rundir={run}
ipc_prefix=pushpin-
port_offset=0

[runner]
services=condure,zurl,pushpin-proxy,pushpin-handler
http_port=127.0.0.1:{self.port}
logdir={log}
log_level=1
client_buffer_size=8192
client_maxconn=20000
condure_bin=condure
zurl_bin=zurl

[proxy]
routesfile={workdir}/pushpin-routes
debug=false
auto_cross_origin=false
sig_iss=pushpin
sig_key=changeme
updates_check=off
zurl_out_specs={ipc}pushpin-zurl-in
zurl_out_stream_specs={ipc}pushpin-zurl-in-stream
zurl_in_specs={ipc}pushpin-zurl-out

[handler]
push_in_spec={ipc}push-in
push_in_sub_specs={ipc}push-in-sub
stats_spec={ipc}stats
command_spec={ipc}command
push_in_http_addr=127.0.0.1
push_in_http_port={self.publish_port}
message_rate=100000
message_hwm=100000
message_wait=5000
id_cache_ttl=60
"""
        with open(f"{workdir}/pushpin.conf", "w") as f:
            f.write(conf)
        with open(f"{workdir}/pushpin-routes", "w") as f:
            f.write(routes)
        self.child = Child(["pushpin", "--config", f"{workdir}/pushpin.conf", "--merge-output"],
                           f"{workdir}/pushpin.out")
        wait_until(lambda: holds_stream(self.port, "/stream?channel=probe"), 30,
                   "Pushpin's test handler to hold a stream")
        wait_until(lambda: answers_http(self.publish_port, "/publish/"), 30,
                   "Pushpin's publish API")

    def stop(self):
        self.child.stop()


class Nginx:
    """nginx from Debian as a WebSocket reverse proxy, the way its documentation configures one:
    HTTP/1.1 upstream, Upgrade/Connection passed on, no read timeout worth speaking of."""

    name = "nginx"

    def __init__(self, workdir, origin_port):
        self.port = free_port()
        conf = f"""worker_processes auto;
daemon off;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
events {{ worker_connections 20000; }}
http {{
    access_log off;
    client_body_temp_path {workdir}/nginx-body;
    proxy_temp_path {workdir}/nginx-proxy;
    fastcgi_temp_path {workdir}/nginx-fastcgi;
    uwsgi_temp_path {workdir}/nginx-uwsgi;
    scgi_temp_path {workdir}/nginx-scgi;
    server {{
        listen 127.0.0.1:{self.port} backlog=4096;
        location / {{
            proxy_pass http://127.0.0.1:{origin_port};
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            proxy_read_timeout 3600s;
        }}
    }}
}}
"""
        with open(f"{workdir}/nginx.conf", "w") as f:
            f.write(conf)
        self.child = Child(["nginx", "-c", f"{workdir}/nginx.conf", "-p", workdir],
                           f"{workdir}/nginx.out")
        wait_until(lambda: answers_http(self.port), 20, "nginx to answer")

    def stop(self):
        self.child.stop()


class EchoOrigin:
    name = "origin"

    def __init__(self, build, workdir):
        self.child = Child([f"{build}/bench/bench_echo_origin", "--listen", "127.0.0.1:0"],
                           f"{workdir}/echo-origin.log")
        self.child.wait_for_output("listening on 127.0.0.1:")
        text = self.child.output()
        self.port = int(text.split("listening on 127.0.0.1:", 1)[1].split()[0])

    def stop(self):
        self.child.stop()

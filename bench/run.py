#!/usr/bin/env python3
"""Holdfast side by side with Pushpin (Fanout) and nginx (WebSocket proxy): bench/README.md.

Every scenario runs against Holdfast and its peer in the same run, alternating which goes first
each round; the table shows the median of the rounds for both, their ratio and the target from
issue 8. CPU is counted per operation for the broker's whole process tree and for the client
(`holdfast load`), over the window in which the operations happened.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers  # noqa: E402
import report  # noqa: E402


class Bench:
    def __init__(self, build, rounds, scratch, verbose):
        self.build = os.path.abspath(build)
        self.rounds = rounds
        self.scratch = scratch
        self.verbose = verbose
        self.rows = []
        self.failed = []
        self.counter = 0

    def workdir(self, tag):
        self.counter += 1
        path = os.path.join(self.scratch, f"{self.counter:02d}-{tag}")
        os.makedirs(path)
        return path

    def log(self, text):
        print(text, flush=True)

    # --- running the client ---------------------------------------------------------------

    def load(self, args, target_pids, timeout=180):
        """Runs `holdfast load --json`; returns its summary plus the CPU both sides used."""
        command = [f"{self.build}/app/holdfast", "load", "--json", *args]
        for pid in target_pids:
            command += ["--cpu-pid", str(pid)]
        if self.verbose:
            self.log("  $ " + " ".join(command))
        before = peers.cpu_seconds(target_pids)
        started = time.monotonic()
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                preexec_fn=peers.raise_fd_limit)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
        wall = time.monotonic() - started
        after = peers.cpu_seconds(target_pids)
        try:
            summary = json.loads(out)
        except json.JSONDecodeError as error:
            raise RuntimeError(f"holdfast load printed no JSON ({error}): {err.decode()[-800:]}")
        cpu = summary.get("cpu") or {}
        # The load tool measures both over the publishing (or echo) window when it can; the
        # fallback is the whole run, ramp included, which overstates CPU per operation.
        summary["_target_cpu_s"] = cpu.get("target_s", after - before)
        summary["_client_cpu_s"] = cpu.get("client_s")
        summary["_cpu_window"] = "run" if "target_s" in cpu else "whole"
        summary["_wall_s"] = wall
        failures = summary.get("clients", {}).get("failures", [])
        if failures:
            self.log("    client failures: " + "; ".join(
                f"{f['clients']} × {f['reason']}" for f in failures[:3]))
        return summary

    def alternate(self, name, runners):
        """runners: [(label, fn)] with fn() -> metrics dict; each round flips the order."""
        results = {label: [] for label, _ in runners}
        for round_index in range(self.rounds):
            order = runners if round_index % 2 == 0 else list(reversed(runners))
            for label, fn in order:
                metrics = fn()
                results[label].append(metrics)
                self.log(f"  {name} [{label}] round {round_index + 1}: " +
                         ", ".join(f"{k} {report.fmt(v)}" for k, v in metrics.items()))
        return {label: median_metrics(values) for label, values in results.items()}

    # --- scenarios --------------------------------------------------------------------------

    def fanout_metrics(self, summary, clients):
        messages = summary["messages"]
        latency = summary.get("latency_ms", {})
        timestamped = max(latency.get("count", 0), 1)
        client_cpu = summary["_client_cpu_s"]
        return {
            "deliveries/s": messages["delivered_per_second"],
            "p50 ms": latency.get("p50"),
            "p99 ms": latency.get("p99"),
            "lost": messages["lost"],
            "broker µs/delivery": summary["_target_cpu_s"] / timestamped * 1e6,
            "client µs/delivery": None if client_cpu is None else client_cpu / timestamped * 1e6,
            "connected": summary["clients"]["connected"],
        }

    def start_fanout(self, which, tag):
        workdir = self.workdir(tag)
        if which == "Holdfast":
            broker = peers.Holdfast(self.build, workdir)
            urls = {"stream": f"http://127.0.0.1:{broker.port}/test/stream",
                    "ws": f"ws://127.0.0.1:{broker.port}/test/websocket"}
        else:
            broker = peers.Pushpin(workdir)
            # Pushpin's test handler serves HTTP streams and WebSockets, not SSE; an HTTP stream
            # costs a broker the same per message.
            urls = {"stream": f"http://127.0.0.1:{broker.port}/stream",
                    "ws": f"ws://127.0.0.1:{broker.port}/ws"}
        return broker, urls, f"http://127.0.0.1:{broker.publish_port}/publish/"

    def fanout_run(self, which, transport, clients, publish_args, tag):
        broker, urls, publish_url = self.start_fanout(which, tag)
        try:
            summary = self.load(["--url", urls[transport], "--transport", transport,
                                 "--clients", str(clients), "--ramp-rate", "1000",
                                 "--settle", "1500ms", "--publish-url", publish_url,
                                 "--channel", "test", *publish_args],
                                broker.child.pids())
        finally:
            broker.stop()
        return self.fanout_metrics(summary, clients)

    def s1_s2(self, quick):
        max_rate = ["--publishes", "200", "--publish-rate", "0", "--publish-connections", "8",
                    "--items-per-request", "1", "--duration", "60s", "--drain", "20s"]
        fixed = ["--publish-rate", "20", "--duration", "3s" if quick else "5s", "--drain", "3s"]
        cases = [("S1", "HTTP-stream fanout, N=1,000, 200 publishes at max rate", "stream", 1000, max_rate),
                 ("S1", "HTTP-stream fanout, N=5,000, 200 publishes at max rate", "stream", 5000, max_rate),
                 ("S1", "HTTP-stream fanout, N=1,000, 20 publishes/s", "stream", 1000, fixed),
                 ("S2", "WebSocket fanout, N=1,000, 200 publishes at max rate", "ws", 1000,
                  max_rate),
                 ("S2", "WebSocket fanout, N=1,000, 20 publishes/s", "ws", 1000, fixed)]
        for scenario, title, transport, clients, args in cases:
            self.log(f"{scenario}: {title}")
            medians = self.alternate(scenario, [
                (which, lambda which=which: self.fanout_run(which, transport, clients, args,
                                                            f"{scenario}-{which}"))
                for which in ("Holdfast", "Pushpin")])
            self.rows.append({"scenario": scenario, "title": title, "peer": "Pushpin",
                              "holdfast": medians["Holdfast"], "other": medians["Pushpin"]})

    def idle_memory(self, which, transport, clients, tag):
        """User-space memory per idle held (or proxied) connection: RSS delta / N."""
        workdir = self.workdir(tag)
        origin = None
        if which in ("Holdfast", "Pushpin"):
            broker, urls, _ = self.start_fanout(which, tag)
            url = urls[transport]
        else:
            origin = peers.EchoOrigin(self.build, workdir)
            if which == "nginx":
                broker = peers.Nginx(workdir, origin.port)
            else:
                broker = peers.Holdfast(self.build, workdir,
                                        routes=f"* 127.0.0.1:{origin.port}\n")
            url = f"ws://127.0.0.1:{broker.port}/echo"
        try:
            # Warm up once (first-connection allocations are not per connection).
            self.load(["--url", url, "--transport", transport, "--clients", "10",
                       "--duration", "500ms"], [])
            base = peers.rss_kib(broker.child.pids())
            holder = subprocess.Popen(
                [f"{self.build}/app/holdfast", "load", "--json", "--url", url, "--transport",
                 transport, "--clients", str(clients), "--ramp-rate", "1000", "--duration",
                 "60s"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                preexec_fn=peers.raise_fd_limit)
            try:
                # Until all N are up, or the count stops growing (Pushpin answers some of a
                # fast ramp with 500): the figure is per connection actually held.
                counts = []

                def settled():
                    counts.append(peers.established(broker.port))
                    return counts[-1] >= clients or (
                        len(counts) >= 6 and counts[-1] > 0 and counts[-1] == counts[-6])
                peers.wait_until(settled, 60, f"connections to {which}", interval=0.5)
                # Let lazily allocated per-connection state settle.
                time.sleep(2)
                held = peers.rss_kib(broker.child.pids())
                connected = peers.established(broker.port)
            finally:
                holder.terminate()
                holder.wait()
        finally:
            broker.stop()
            if origin:
                origin.stop()
        return {"KiB/connection": (held - base) / max(connected, 1), "connections": connected}

    def s3(self, quick):
        clients = 2000 if quick else 5000
        for transport, title in (("stream", "HTTP-stream"), ("ws", "WebSocket")):
            self.log(f"S3: memory per idle held {title} connection, N={clients:,}")
            medians = self.alternate("S3", [
                (which, lambda which=which, transport=transport: self.idle_memory(
                    which, transport, clients, f"S3-{which}")) for which in ("Holdfast", "Pushpin")])
            self.rows.append({"scenario": "S3", "title": f"memory per idle held {title} "
                              f"connection (N={clients:,})", "peer": "Pushpin",
                              "holdfast": medians["Holdfast"], "other": medians["Pushpin"]})

    def publish_run(self, which, subscribers, seconds, tag):
        broker, urls, publish_url = self.start_fanout(which, tag)
        try:
            summary = self.load(["--url", urls["stream"], "--transport", "stream", "--clients",
                                 str(subscribers), "--publish-url", publish_url, "--channel",
                                 "test", "--publish-rate", "0", "--items-per-request", "1",
                                 "--duration", seconds, "--drain", "2s"],
                                broker.child.pids())
        finally:
            broker.stop()
        publishes = summary["publishes"]
        accepted = max(publishes["accepted"], 1)
        per_second = publishes.get("per_second") or accepted / (summary["publishing_ms"] / 1000)
        return {"publishes/s": per_second,
                "broker µs/publish": summary["_target_cpu_s"] / accepted * 1e6,
                "failed": publishes["failed"]}

    def s4(self, quick):
        seconds = "3s" if quick else "5s"
        for subscribers in (0, 100):
            self.log(f"S4: publish API, one keep-alive connection, {subscribers} subscribers")
            medians = self.alternate("S4", [
                (which, lambda which=which: self.publish_run(which, subscribers, seconds,
                                                             f"S4-{which}"))
                for which in ("Holdfast", "Pushpin")])
            self.rows.append({"scenario": "S4", "title": f"publish API, {subscribers} subscribers",
                              "peer": "Pushpin", "holdfast": medians["Holdfast"],
                              "other": medians["Pushpin"]})

    def echo_run(self, which, seconds, tag):
        workdir = self.workdir(tag)
        origin = peers.EchoOrigin(self.build, workdir)
        proxy = None
        try:
            if which == "nginx":
                proxy = peers.Nginx(workdir, origin.port)
            elif which == "Holdfast":
                proxy = peers.Holdfast(self.build, workdir, routes=f"* 127.0.0.1:{origin.port}\n")
            port = proxy.port if proxy else origin.port
            measured = proxy.child.pids() if proxy else origin.child.pids()
            summary = self.load(["--url", f"ws://127.0.0.1:{port}/echo", "--transport", "ws",
                                 "--clients", "100", "--echo", "--duration", seconds],
                                measured)
        finally:
            if proxy:
                proxy.stop()
            origin.stop()
        echo = summary.get("echo", {})
        count = max(echo.get("completed", 0), 1)
        latency = summary.get("latency_ms", {})
        client_cpu = summary["_client_cpu_s"]
        return {"echoes/s": echo.get("per_second"),
                "p50 ms": latency.get("p50"), "p99 ms": latency.get("p99"),
                ("proxy" if proxy else "origin") + " µs/echo":
                    summary["_target_cpu_s"] / count * 1e6,
                "client µs/echo": None if client_cpu is None else client_cpu / count * 1e6,
                "errors": echo.get("errors", 0)}

    def s5(self, quick):
        seconds = "3s" if quick else "5s"
        self.log("S5: WebSocket passthrough echo, 100 clients")
        medians = self.alternate("S5", [
            (which, lambda which=which: self.echo_run(which, seconds, f"S5-{which}"))
            for which in ("Holdfast", "nginx")])
        self.rows.append({"scenario": "S5", "title": "WebSocket echo through the proxy, "
                          "100 clients", "peer": "nginx", "holdfast": medians["Holdfast"],
                          "other": medians["nginx"]})
        direct = self.alternate("S5", [("direct", lambda: self.echo_run("direct", seconds,
                                                                          "S5-direct"))])
        self.rows.append({"scenario": "S5", "title": "same echo straight to the origin "
                          "(no proxy; the client's ceiling)", "peer": "—",
                          "holdfast": direct["direct"], "other": None})
        clients = 2000 if quick else 5000
        self.log(f"S5: memory per idle proxied WebSocket, N={clients:,}")
        medians = self.alternate("S5", [
            (which, lambda which=which: self.idle_memory(which, "ws", clients, f"S5m-{which}"))
            for which in ("Holdfast-proxy", "nginx")])
        self.rows.append({"scenario": "S5", "title": f"memory per idle proxied WebSocket "
                          f"(N={clients:,})", "peer": "nginx",
                          "holdfast": medians["Holdfast-proxy"], "other": medians["nginx"]})

    def s6(self, quick):
        clients = 2000 if quick else 5000
        self.log(f"S6: console event-loop stall, {clients:,} SSE subscribers")
        out = subprocess.run([f"{self.build}/bench/bench_gui_stall", "--clients", str(clients),
                              "--rate", "10", "--seconds", "10" if quick else "20"],
                             capture_output=True, text=True, timeout=300,
                             env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
                             preexec_fn=peers.raise_fd_limit).stdout
        worst = p99 = None
        for line in out.splitlines():
            if "event-loop lateness" in line:
                worst = float(line.split("worst ")[1].split(" ms")[0])
                p99 = float(line.split("p99 ")[1].split(" ms")[0])
        if worst is None:
            raise RuntimeError("bench_gui_stall printed no result:\n" + out[-1500:])
        self.rows.append({"scenario": "S6", "title": f"console worst event-loop stall, "
                          f"{clients:,} subscribers × 10 publishes/s", "peer": "—",
                          "holdfast": {"worst stall ms": worst, "p99 ms": p99}, "other": None})


def median_metrics(values):
    keys = values[0].keys()
    result = {}
    for key in keys:
        numbers = [v[key] for v in values if v.get(key) is not None]
        result[key] = statistics.median(numbers) if numbers else None
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", required=True, help="a Release build directory")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="smaller N, shorter runs")
    parser.add_argument("--scenarios", default="S1,S3,S4,S5,S6",
                        help="comma-separated, from S1 (also runs S2), S3, S4, S5, S6")
    parser.add_argument("--json", help="write the results here")
    parser.add_argument("--markdown", help="write the table here")
    parser.add_argument("--chart", help="write an SVG chart of the CPU ratios here")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    peers.raise_fd_limit()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="holdfast-bench-") as scratch:
        bench = Bench(args.build, args.rounds, scratch, args.verbose)
        wanted = [s.strip().upper() for s in args.scenarios.split(",")]
        for name, fn in (("S1", bench.s1_s2), ("S3", bench.s3), ("S4", bench.s4),
                         ("S5", bench.s5), ("S6", bench.s6)):
            if name in wanted or (name == "S1" and "S2" in wanted):
                try:
                    fn(args.quick)
                except (RuntimeError, OSError, subprocess.SubprocessError) as error:
                    bench.log(f"{name} FAILED: {error}")
                    bench.failed.append(f"{name}: {error}")
    elapsed = time.monotonic() - started
    table = report.markdown(bench.rows)
    print()
    print(table)
    print(f"\n{len(bench.rows)} rows in {elapsed:.0f} s")
    for failure in bench.failed:
        print(f"FAILED {failure}")
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(table + "\n")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"rows": bench.rows, "seconds": elapsed, "rounds": args.rounds,
                       "quick": args.quick, "machine": report.machine()}, f, indent=1)
    if args.chart:
        with open(args.chart, "w") as f:
            f.write(report.svg_chart(bench.rows))
    sys.exit(1 if bench.failed else 0)


if __name__ == "__main__":
    main()

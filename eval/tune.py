"""Tune AnswerSettings on the dev split: answer every dev question under each setting in a grid and
print the verdict counts. Dev only — the frozen test split is never read here.

Usage: .venv/bin/python -m eval.tune [--without=d1680-d1709,d1710-d1739] field=v1,v2 [field=v1,v2 …]

--without leaves out batches of question ids held out while tuning (ranges, both ends included).
"""
from __future__ import annotations

import itertools
import sys
from dataclasses import replace

from .dataset import held_out_ranges, is_held_out, load_questions
from .grading import judge_answer
from .metrics import compact_evidence
from .runner import ask_in_conversation


def main(argv: list[str]) -> int:
    from pipeline.answer import AnswerSettings, answer_question
    from pipeline.service import load_service

    grid = {}
    held_out: list[tuple[str, str]] = []
    for arg in argv:
        if arg.startswith("--without="):
            held_out = held_out_ranges(arg.split("=", 1)[1])
            continue
        field, values = arg.split("=", 1)
        grid[field] = [type(getattr(AnswerSettings(), field))(v) for v in values.split(",")]
    searcher = load_service().searcher
    questions = [q for q in load_questions("dev") if not is_held_out(q.id, held_out)]
    print(f"{len(questions)} dev questions" + (f" ({', '.join(f'{a}–{b}' for a, b in held_out)} left out)"
                                               if held_out else ""))
    names = list(grid)
    print("\t".join(names + ["correct", "partly", "wrong", "refused", "unans_refused", "false_refused"]))
    for values in itertools.product(*(grid[n] for n in names)) if names else [()]:
        settings = replace(AnswerSettings(), **dict(zip(names, values)))

        def ask(question, history):
            return answer_question(searcher, question, settings=settings, history=history)

        counts = {"correct": 0, "partly": 0, "wrong": 0, "refused": 0}
        unanswerable = refused_unanswerable = 0
        for q in questions:
            row = judge_answer(ask_in_conversation(ask, q), q, compact_evidence(q.evidence))
            if q.answerable:
                counts[row["verdict"]] += 1
            else:
                unanswerable += 1
                refused_unanswerable += row["verdict"] == "refused"
        answerable = sum(counts.values())
        print("\t".join([str(v) for v in values] + [f"{counts[k] / answerable:.3f}" for k in counts]
                        + [f"{refused_unanswerable / unanswerable:.3f}", f"{counts['refused'] / answerable:.3f}"]),
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

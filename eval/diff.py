"""Which questions flipped since the previous committed run, so a change is judged without reading every row."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

# How good a verdict is, to say whether a flip is a gain or a loss.
_RANK_ANSWERABLE = {"correct": 3, "partly": 2, "refused": 1, "wrong": 0}
_RANK_UNANSWERABLE = {"refused": 1, "wrong": 0}


def committed_result(path: Path, revision: str = "HEAD") -> dict[str, Any] | None:
    """Return the run stored at `path` as committed in `revision`, or None (no git, never committed)."""
    path = Path(path).resolve()
    try:
        root = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=path.parent, capture_output=True,
                              text=True, timeout=10).stdout.strip()
        if not root:
            return None
        rel = path.relative_to(Path(root).resolve()).as_posix()
        done = subprocess.run(["git", "show", f"{revision}:{rel}"], cwd=root, capture_output=True, timeout=30)
    except (OSError, ValueError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    try:
        return json.loads(done.stdout.decode("utf-8"))
    except ValueError:
        return None


def _rank_band(rank: int | None) -> str:
    return "@1" if rank == 1 else "@5" if rank is not None and rank <= 5 else "@10" if rank else "miss"


def diff_runs(previous: dict[str, Any] | None, current: dict[str, Any]) -> dict[str, Any]:
    """Return the per-question changes of the product between two runs of the same questions."""
    if previous is None:
        return {"comparable": False, "reason": "no previous committed run"}
    before_q, now_q = previous["config"]["questions"], current["config"]["questions"]
    if before_q.get("sha256") != now_q.get("sha256") or previous["config"].get("split") != current["config"]["split"]:
        return {"comparable": False, "reason": "the previous run used other questions"}
    product = current["config"]["product"]
    old_rows = {row["id"]: row for row in previous.get("per_query", [])}
    answers: list[dict[str, Any]] = []
    retrieval: list[dict[str, Any]] = []
    for row in current.get("per_query", []):
        old = old_rows.get(row["id"])
        if old is None:
            continue
        was, now = (old.get("ask") or {}).get("verdict"), (row.get("ask") or {}).get("verdict")
        if was and now and was != now:
            scale = _RANK_ANSWERABLE if row["answerable"] else _RANK_UNANSWERABLE
            answers.append({"id": row["id"], "type": row["type"], "before": was, "after": now,
                            "better": scale.get(now, 0) > scale.get(was, 0), "question": row["question"]})
        old_rank = (old.get("retrieval", {}).get(product) or {}).get("first_relevant_rank")
        new_rank = (row.get("retrieval", {}).get(product) or {}).get("first_relevant_rank")
        if row["answerable"] and _rank_band(old_rank) != _rank_band(new_rank):
            retrieval.append({"id": row["id"], "type": row["type"], "before": old_rank, "after": new_rank,
                              "better": (new_rank or 99) < (old_rank or 99), "question": row["question"]})
    return {
        "comparable": True, "previous_date": previous.get("date"),
        "previous_commit": previous["config"].get("git_commit"),
        "answers": answers, "retrieval": retrieval,
        "answers_better": sum(1 for a in answers if a["better"]),
        "answers_worse": sum(1 for a in answers if not a["better"]),
        "retrieval_better": sum(1 for r in retrieval if r["better"]),
        "retrieval_worse": sum(1 for r in retrieval if not r["better"]),
    }

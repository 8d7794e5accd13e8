"""One benchmark run: every retrieval config and the answer stage on the same questions."""
from __future__ import annotations

import inspect
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from . import metrics as M
from .dataset import EVAL_DIR, Question, files_sha256, load_questions, split_files
from .grading import VERDICTS, judge_answer, whole_segment_quote

RESULTS_DIR = EVAL_DIR / "results"
PRODUCT_CONFIGS = ("bm25", "dense", "hybrid", "rescored")
PRODUCT = "rescored"
TOP_K = 10
ROW_TOP = 5  # retrieved passages kept per query row for error analysis
SNIPPET_CHARS = 90
CONFIG_DESCRIPTIONS = {
    "bm25": "product passages, BM25 over fugashi/unidic-lite content-word lemmas",
    "dense": "product passages, e5 passage vectors (cosine, FAISS)",
    "hybrid": "bm25 + dense fused by reciprocal rank (RRF, k=60)",
    "rescored": "the product: hybrid candidates rescored (see pipeline.search)",
    "llamaindex-vector": "llama-index VectorStoreIndex over default SentenceSplitter nodes, same e5 model",
    "llamaindex-bm25-char": "llama-index BM25Retriever, skip_stemming=True, overlapping character bigrams (one token_pattern argument)",
    "llamaindex-bm25-fugashi": "llama-index BM25Retriever fed with fugashi + unidic-lite words",
}
WARMUP_QUERIES = ("技術流出対策とは", "輸出管理", "退職者による技術流出を防ぐには", "経済安全保障推進法")
_PACKAGES = ("llama-index-core", "llama-index-retrievers-bm25", "bm25s", "faiss-cpu", "torch", "transformers",
             "sentence-transformers", "onnxruntime", "fugashi", "unidic-lite", "numpy", "matplotlib")


def results_dir(split: str) -> Path:
    """Return where a split's report goes: the test split is the reported one, the others sit below it."""
    return RESULTS_DIR if split == "test" else RESULTS_DIR / split


def snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _versions() -> dict[str, str]:
    from pipeline.index import package_versions

    return {"python": platform.python_version(), **package_versions(_PACKAGES)}


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=EVAL_DIR.parent, capture_output=True, text=True, timeout=10)
        return done.stdout.strip() if done.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        return None


def _latency(values_ms: list[float]) -> dict[str, float | int | None]:
    warm = values_ms[1:]  # the first call pays for lazy loading: discarded
    if not warm:
        return {"p50_ms": None, "p95_ms": None, "mean_ms": None, "n": 0}
    return {"p50_ms": round(M.percentile(warm, 50), 2), "p95_ms": round(M.percentile(warm, 95), 2),
            "mean_ms": round(sum(warm) / len(warm), 2), "n": len(warm)}


class _Progress:
    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.started = time.perf_counter()

    def __call__(self, message: str) -> None:
        if self.enabled:
            print(f"[eval {time.perf_counter() - self.started:6.1f}s] {message}", file=sys.stderr, flush=True)


def _rate(items: list[Any], pred: Callable[[Any], bool]) -> dict[str, Any]:
    """Return {"value", "ci", "n"}: the share of `items` for which `pred` holds, with its 95 % interval."""
    values = [1.0 if pred(item) else 0.0 for item in items]
    if not values:
        return {"value": None, "ci": None, "n": 0}
    ci = M.bootstrap_ci(values)
    return {"value": round(sum(values) / len(values), 4), "ci": [round(ci[0], 4), round(ci[1], 4)], "n": len(values)}


# ---------------------------------------------------------------------------------------------
# ask


def ask_function(searcher) -> Callable[[str, list[dict[str, str]]], Any]:
    """Return ask(question, history) over the product's answer stage (history passed when it takes one)."""
    from pipeline.answer import answer_question

    takes_history = "history" in inspect.signature(answer_question).parameters

    def ask(question: str, history: list[dict[str, str]]):
        if takes_history:
            return answer_question(searcher, question, history=history)
        return answer_question(searcher, question)

    return ask


def ask_in_conversation(ask, question: Question):
    """Return the answer to `question` asked after its earlier turns, as in a chat: each earlier
    question is asked first and its answer becomes part of the history."""
    history: list[dict[str, str]] = []
    for earlier in question.history:
        previous = ask(earlier, list(history))
        history += [{"role": "user", "content": earlier}, {"role": "assistant", "content": previous.text}]
    return ask(question.question, history)


def answer_summary(rows: list[dict[str, Any]], questions: list[Question]) -> dict[str, Any]:
    """Aggregate the per-question answer grades (definitions in eval/README.md)."""
    by_id = {q.id: q for q in questions}
    answerable = [r for r in rows if by_id[r["id"]].answerable]
    unanswerable = [r for r in rows if not by_id[r["id"]].answerable]
    near = [r for r in unanswerable if by_id[r["id"]].near_miss]
    other = [r for r in unanswerable if not by_id[r["id"]].near_miss]
    answered = [r for r in rows if r["found"]]
    cased = [r for r in answerable if by_id[r["id"]].case]
    refusals = [r for r in rows if not r["found"]]
    summary: dict[str, Any] = {
        **{verdict: _rate(answerable, lambda r, v=verdict: r["verdict"] == v) for verdict in VERDICTS},
        "false_refusal": _rate(answerable, lambda r: not r["found"]),
        "unanswerable_refused": _rate(unanswerable, lambda r: not r["found"]),
        "near_miss_refused": _rate(near, lambda r: not r["found"]),
        "off_topic_refused": _rate(other, lambda r: not r["found"]),
        "verbatim_answers": _rate(answered, lambda r: r["sentences"] > 0 and r["verbatim_sentences"] == r["sentences"]),
        "case_correct": _rate(cased, lambda r: bool(r["case_correct"])),
        "case_mentioned": _rate(cased, lambda r: bool(r["case_mentioned"])),
        "refusals_with_reason": _rate(refusals, lambda r: bool(r.get("refusal_reason"))),
        "n_answerable": len(answerable), "n_unanswerable": len(unanswerable), "n_near_miss": len(near),
        "sentences": sum(r["sentences"] for r in rows),
        "verbatim_sentences": sum(r["verbatim_sentences"] for r in rows),
    }
    if any(r.get("whole_sentences") is not None for r in answered):
        summary["whole_quote_answers"] = _rate(
            answered, lambda r: r["sentences"] > 0 and r.get("whole_sentences") == r["sentences"])
    by_type: dict[str, dict[str, int]] = {}
    for row in rows:
        counts = by_type.setdefault(by_id[row["id"]].type, {v: 0 for v in VERDICTS} | {"n": 0})
        counts[row["verdict"]] += 1
        counts["n"] += 1
    summary["by_type"] = by_type
    lists = [r for r in answerable if by_id[r["id"]].type == "list" and r["keys_total"]]
    summary["list_item_coverage"] = (round(sum(r["keys_satisfied"] / r["keys_total"] for r in lists) / len(lists), 4)
                                     if lists else None)
    return summary


# ---------------------------------------------------------------------------------------------
# the run


def run_eval(split: str = "test", limit: int | None = None, out_dir: Path | None | str = "auto",
             skip_baselines: bool = False, skip_ask: bool = False, skip_build: bool = False,
             questions_path: Path | None = None, corpus_dir: Path | None = None, index_dir: Path | None = None,
             model_dir: Path | None = None, progress: bool = True, baselines: tuple[str, ...] | None = None,
             embedder=None, compare: bool = True) -> dict[str, Any]:
    """Evaluate every config on the same questions; write latest.{json,md,png} to `out_dir`
    ("auto": eval/results/ for test, eval/results/<split>/ otherwise; None: write nothing).

    `baselines` picks which llama-index baselines to run (default: all; `skip_baselines` = none);
    `embedder` reuses an already loaded embedder; `compare` diffs against the committed run."""
    from pipeline import config
    from pipeline.embedder import load_embedder
    from pipeline.index import build_index, load_index
    from pipeline.search import Searcher

    say = _Progress(progress)
    corpus_dir = Path(corpus_dir or config.CORPUS_DIR)
    index_dir = Path(index_dir or config.INDEX_DIR)
    if out_dir == "auto":
        out_dir = results_dir(split)
    files = [Path(questions_path)] if questions_path else split_files(split)
    questions = load_questions(split, limit, questions_path)
    if not questions:
        raise ValueError(f"no questions in split {split!r}")
    answerable = [q for q in questions if q.answerable]
    evidence = {q.id: q.evidence for q in answerable}
    evidence_keys = {q.id: M.compact_evidence(q.evidence) for q in questions}
    say(f"{len(questions)} questions ({split}), {len(answerable)} answerable")

    t_load = time.perf_counter()
    embedder = embedder if embedder is not None else load_embedder(model_dir)
    index = load_index(index_dir, corpus_dir, embedder)
    searcher = Searcher(index, embedder)
    load_seconds = time.perf_counter() - t_load
    say(f"model and index loaded in {load_seconds:.1f}s ({len(index.chunks)} passages)")
    for text in WARMUP_QUERIES:  # the first calls after loading are slow (dictionary, threads)
        searcher.search(text, top_k=TOP_K)

    chunk_texts = {c.chunk_id: c.text for c in index.chunks}
    citation_of = {c.chunk_id: c.citation for c in index.chunks}
    collections: dict[str, dict[str, str]] = {}
    qrels: dict[str, dict[str, dict[str, int]]] = {}
    runs: dict[str, dict[str, dict[str, float]]] = {}
    ranked_lists: dict[str, dict[str, list[tuple[str, float]]]] = {}
    search_ms: list[float] = []
    stage_ms: list[dict[str, float]] = []
    product_qrels = M.judge_collection(chunk_texts, evidence)
    for name in (PRODUCT,) + tuple(c for c in PRODUCT_CONFIGS if c != PRODUCT):
        collections[name], qrels[name], runs[name], ranked_lists[name] = chunk_texts, product_qrels, {}, {}
        for q in questions:
            t0 = time.perf_counter()
            result = searcher.search(q.question, top_k=TOP_K, mode=name)
            elapsed = (time.perf_counter() - t0) * 1000
            if name == PRODUCT:
                search_ms.append(elapsed)
                stage_ms.append({**result.timings_ms, "total": elapsed})
            ranked = [(h.chunk.chunk_id, float(h.score)) for h in result.hits]
            ranked_lists[name][q.id] = ranked
            runs[name][q.id] = dict(ranked)
        say(f"retrieval: {name} done")
    runs = {name: runs[name] for name in PRODUCT_CONFIGS}  # report order

    baseline_info: dict[str, Any] = {}
    if not skip_baselines:
        from .baselines import NAMES, build_baselines

        say("building llama-index baselines…")
        for name, base in build_baselines(corpus_dir, embedder, top_k=TOP_K, names=tuple(baselines or NAMES)).items():
            collections[name] = base.passages
            qrels[name] = M.judge_collection(base.passages, evidence)
            runs[name], ranked_lists[name] = {}, {}
            for q in questions:
                ranked = base.retrieve(q.question)[:TOP_K]
                ranked_lists[name][q.id] = ranked
                runs[name][q.id] = dict(ranked)
            zero = sum(1 for q in questions if max((s for _, s in ranked_lists[name][q.id]), default=0.0) <= 0.0)
            baseline_info[name] = {"build_seconds": round(base.build_seconds, 2), **base.info,
                                   "queries_with_all_zero_scores": zero}
            say(f"retrieval: {name} done")

    configs = list(runs)
    chunk_case = {c.chunk_id: c.case for c in index.chunks}
    type_of = {q.id: q.type for q in questions}
    persona_of = {q.id: q.persona for q in questions}
    retrieval: dict[str, Any] = {}
    for name in configs:
        rows = M.per_query(runs[name], qrels[name])
        overall = M.mean_metrics(rows)
        intervals = {m: [round(x, 4) for x in M.bootstrap_ci([rows[q][m] for q in rows]) or (0.0, 0.0)]
                     for m in M.DEFAULT_METRICS}
        retrieval[name] = {
            "overall": overall, "ci": intervals,
            "by_type": M.grouped(rows, type_of), "by_persona": M.grouped(rows, persona_of),
            "unreachable": sorted(qid for qid, rel in qrels[name].items() if not rel),
            "passages": len(collections[name]),
        }
        cased = [q for q in answerable if q.case]
        if name in PRODUCT_CONFIGS and cased:  # baseline nodes carry no case label
            from .grading import same_case

            top = [chunk_case.get(ranked_lists[name][q.id][0][0]) if ranked_lists[name][q.id] else None for q in cased]
            retrieval[name]["overall"]["case@1"] = sum(same_case(c, q.case) for c, q in zip(top, cased)) / len(cased)
            retrieval[name]["case_questions"] = len(cased)

    ask_rows: list[dict[str, Any]] = []
    ask_ms: list[float] = []
    summary: dict[str, Any] | None = None
    if not skip_ask:
        ask = ask_function(searcher)
        whole_quote = whole_segment_quote if index.chunks and hasattr(index.chunks[0], "segments") else None
        ask("技術流出対策とは", [])  # warm-up
        for q in questions:
            t0 = time.perf_counter()
            answer = ask_in_conversation(ask, q)
            ask_ms.append((time.perf_counter() - t0) * 1000 / (1 + len(q.history)))
            ask_rows.append({"id": q.id, **judge_answer(answer, q, evidence_keys[q.id], whole_quote)})
        summary = answer_summary(ask_rows, questions)
        say("ask done")

    build: dict[str, Any] | None = None
    if not skip_build:
        say("timing a forced index build into a temporary directory…")
        with tempfile.TemporaryDirectory(prefix="kb-eval-index-") as tmp:
            report = build_index(corpus_dir, Path(tmp), embedder, progress=False, force=True)
        build = {"seconds": round(report.seconds, 2), "chunks": report.chunks, "lines": report.lines,
                 "embedded": report.embedded}
        say(f"build: {report.seconds:.1f}s")

    warm_stages = stage_ms[1:]
    embed_total = sum(s.get("embed", 0.0) for s in warm_stages)
    wall_total = sum(s["total"] for s in warm_stages)
    latency = {
        "search": {**_latency(search_ms), "mode": PRODUCT, "top_k": TOP_K},
        "ask": _latency(ask_ms) if ask_ms else None,
        "embed_share_of_search": round(embed_total / wall_total, 4) if wall_total else None,
        "embed_ms_p50": round(M.percentile([s.get("embed", 0.0) for s in warm_stages], 50), 2) if warm_stages else None,
        "threads": os.cpu_count(),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }

    ask_by_id = {r["id"]: r for r in ask_rows}
    query_rows = []
    for q in questions:
        row: dict[str, Any] = {"id": q.id, "split": q.split, "type": q.type, "persona": q.persona,
                               "question": q.question, "history": list(q.history), "evidence": list(q.evidence),
                               "answer_keys": [list(g) for g in q.answer_keys], "doc_id": q.doc_id, "case": q.case,
                               "answerable": q.answerable, "near_miss": q.near_miss, "retrieval": {}}
        for name in configs:
            relevant = qrels[name].get(q.id)
            first = M.first_relevant_rank(runs[name].get(q.id, {}), relevant, TOP_K) if relevant is not None else None
            row["retrieval"][name] = {
                "first_relevant_rank": first,
                "relevant_in_collection": None if relevant is None else len(relevant),
                "top": [{"id": pid, "score": round(score, 6), "relevant": bool(relevant and relevant.get(pid)),
                         "text": snippet(collections[name].get(pid, "")),
                         **({"citation": citation_of.get(pid)} if name == PRODUCT else {})}
                        for pid, score in ranked_lists[name].get(q.id, [])[:ROW_TOP]],
            }
        if q.id in ask_by_id:
            row["ask"] = {k: v for k, v in ask_by_id[q.id].items() if k != "id"}
        query_rows.append(row)

    result: dict[str, Any] = {
        "date": datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds"),
        "config": {
            "split": split, "limit": limit, "top_k": TOP_K, "product": PRODUCT,
            "configs": configs, "descriptions": {c: CONFIG_DESCRIPTIONS.get(c, "") for c in configs},
            "metrics": list(M.DEFAULT_METRICS),
            "questions": {"files": [str(p.relative_to(EVAL_DIR.parent)) if p.resolve().is_relative_to(EVAL_DIR.parent)
                                    else str(p) for p in (f.resolve() for f in files)],
                          "sha256": files_sha256(files)[:16], "n": len(questions),
                          "answerable": len(answerable), "unanswerable": len(questions) - len(answerable)},
            "relevance": "compact(passage text) contains compact(evidence) for any evidence string",
            "bootstrap": {"samples": M.BOOTSTRAP_SAMPLES, "seed": M.BOOTSTRAP_SEED, "level": 0.95},
            "model": {"name": getattr(embedder, "name", None), "fingerprint": getattr(embedder, "fingerprint", None),
                      "dim": getattr(embedder, "dim", None)},
            "index": {k: index.manifest.get(k) for k in ("built_at", "code_version", "corpus_checksum",
                                                           "chunk_count", "line_count")},
            "baselines": baseline_info,
            "versions": _versions(),
            "git_commit": _git("rev-parse", "HEAD"),
            "uncommitted_changes": bool(_git("status", "--porcelain", "--", "pipeline", "eval")),
            "load_seconds": round(load_seconds, 2),
        },
        "retrieval": retrieval,
        "answers": summary,
        "latency": latency,
        "build": build,
        "per_query": query_rows,
    }
    if compare and out_dir is not None and limit is None:
        from .diff import committed_result, diff_runs

        result["diff"] = diff_runs(committed_result(Path(out_dir) / "latest.json"), result)
    if out_dir is not None:
        from .report import write_outputs

        paths = write_outputs(result, Path(out_dir))
        say("wrote " + ", ".join(str(p) for p in paths))
    return result


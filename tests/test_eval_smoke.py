"""eval/: exact metric values on hand-made runs, and a smoke run of the benchmark on 4 questions."""
from __future__ import annotations

import copy
import json
import math
from pathlib import Path

import pytest

from eval import metrics as M
from eval.calibrate import Scored, choose_threshold, rates, separation_auc
from eval.runner import Question, ask_metrics, load_questions, parse_answer_lines

ROOT = Path(__file__).resolve().parent.parent

# ------------------------------------------------------------------------------ metric functions

RUN = {
    "q1": {"a": 3.0, "b": 2.0, "c": 1.0},  # relevant a at rank 1
    "q2": {"a": 3.0, "b": 2.0, "c": 1.0},  # relevant b at rank 2
}
QRELS = {"q1": {"a": 1}, "q2": {"b": 1}}


def test_recall_mrr_ndcg_exact():
    result = M.evaluate(RUN, QRELS)
    assert result["recall@1"] == 0.5
    assert result["recall@5"] == 1.0
    assert result["recall@10"] == 1.0
    assert result["mrr@10"] == 0.75
    assert result["ndcg@10"] == pytest.approx((1 + 1 / math.log2(3)) / 2)  # 0.815465
    assert result["n"] == 2


def test_missing_unreachable_and_extra_queries():
    run = {**RUN, "q9": {"z": 1.0}}  # q9 has no qrels: ignored
    qrels = {**QRELS, "q3": {}, "q4": {"x": 1}}  # q3 unreachable, q4 not answered by the run
    result = M.evaluate(run, qrels)
    assert result["n"] == 4
    assert result["recall@1"] == 0.25
    assert result["mrr@10"] == pytest.approx(1.5 / 4)


def test_cutoff_and_rank_order_by_score_not_insertion():
    run = {"q": {f"p{i}": float(i) for i in range(1, 13)}}  # p12 best … p1 worst
    assert M.ranking(run["q"])[:3] == ["p12", "p11", "p10"]
    at5 = {"q": {"p8": 1}}  # rank 5
    assert M.evaluate(run, at5)["recall@1"] == 0.0
    assert M.evaluate(run, at5)["recall@5"] == 1.0
    assert M.evaluate(run, at5)["mrr@10"] == pytest.approx(0.2)
    beyond = {"q": {"p1": 1}}  # rank 12: outside every cutoff
    assert M.evaluate(run, beyond)["recall@10"] == 0.0
    assert M.evaluate(run, beyond)["mrr@10"] == 0.0
    assert M.evaluate(run, beyond)["ndcg@10"] == 0.0


def test_ties_keep_retrieval_order():
    run = {"q": {"x": 1.0, "y": 1.0, "z": 1.0}}
    assert M.first_relevant_rank(run["q"], {"y": 1}) == 2


def test_ndcg_one_vs_all():
    scores = {"a": 3.0, "b": 2.0, "c": 1.0}
    relevant = {"a": 1, "c": 1}
    assert M.ndcg_at(scores, relevant, 10) == 1.0  # first relevant at rank 1 = ideal
    # textbook: DCG = 1 + 1/log2(4) = 1.5; IDCG = 1 + 1/log2(3)
    assert M.ndcg_at(scores, relevant, 10, ideal="all") == pytest.approx(1.5 / (1 + 1 / math.log2(3)))


def test_per_type_grouping():
    rows = M.per_query(RUN, QRELS)
    groups = M.grouped(rows, {"q1": "lookup", "q2": "numeric"})
    assert groups["lookup"]["recall@1"] == 1.0 and groups["lookup"]["n"] == 1
    assert groups["numeric"]["recall@1"] == 0.0 and groups["numeric"]["mrr@10"] == 0.5


def test_metrics_do_not_mutate_inputs():
    run, qrels = copy.deepcopy(RUN), copy.deepcopy(QRELS)
    M.evaluate(run, qrels)
    M.per_query(run, qrels, ("recall@3", "ndcg@2"))
    assert run == RUN and qrels == QRELS
    assert list(run["q1"]) == ["a", "b", "c"]


def test_unknown_metric_rejected():
    with pytest.raises(ValueError):
        M.evaluate(RUN, QRELS, ("precision@5",))


def test_relevance_by_compacted_evidence():
    passage = "■ 技術 情報管理\n認証制度（ＴＩＣＳ）の概要"
    assert M.is_relevant(passage, ["技術情報管理認証制度(TICS)"])
    assert not M.is_relevant(passage, ["輸出管理"])
    assert not M.is_relevant(passage, [])
    qrels = M.judge_collection({"p1": passage, "p2": "輸出 管理"}, {"q1": ["輸出管理"], "q2": ["無関係な文"], "q3": []})
    assert qrels == {"q1": {"p2": 1}, "q2": {}}  # q2 unreachable, q3 (no evidence) left out


def test_percentile():
    assert M.percentile([1, 2, 3, 4], 50) == 2.5
    assert M.percentile([10.0], 95) == 10.0
    assert M.percentile(list(range(1, 101)), 95) == pytest.approx(95.05)


def _q(qid: str, evidence=("x",), case=None) -> Question:
    return Question(qid, "test", "sme", "lookup" if evidence else "unanswerable", "?", tuple(evidence), None, case, "")


def test_ask_metrics_exact():
    questions = [_q("a"), _q("b"), _q("c", case="No.1"), _q("u1", ()), _q("u2", ())]
    rows = [
        {"id": "a", "found": True, "correct_citation": True, "case_correct": None, "sentences": 2, "verbatim_sentences": 2},
        {"id": "b", "found": False, "correct_citation": False, "case_correct": None, "sentences": 0, "verbatim_sentences": 0},
        {"id": "c", "found": True, "correct_citation": False, "case_correct": True, "sentences": 2, "verbatim_sentences": 1},
        {"id": "u1", "found": False, "correct_citation": None, "case_correct": None, "sentences": 0, "verbatim_sentences": 0},
        {"id": "u2", "found": True, "correct_citation": None, "case_correct": None, "sentences": 1, "verbatim_sentences": 1},
    ]
    out = ask_metrics(rows, questions)
    assert out["refusal_accuracy"] == 0.5
    assert out["false_refusal_rate"] == pytest.approx(1 / 3, abs=1e-4)
    assert out["correct_citation_rate"] == pytest.approx(1 / 3, abs=1e-4)
    assert out["correct_citation_when_answered"] == 0.5
    assert out["case_accuracy"] == 1.0
    assert out["verbatim_sentence_rate"] == 0.8


def test_parse_answer_lines():
    assert parse_answer_lines("一文目。[1]\n二文目[2]\n\n印なし") == [("一文目。", 1), ("二文目", 2), ("印なし", None)]


def test_calibration_picks_separating_threshold():
    scored = [Scored(_q("a1"), 0.90, "q"), Scored(_q("a2"), 0.85, "q"), Scored(_q("a3"), 0.70, "q"),
              Scored(_q("u1", ()), 0.60, "q"), Scored(_q("u2", ()), 0.65, "q")]
    chosen, table = choose_threshold(scored)
    assert 0.65 < chosen <= 0.70  # refuses both unanswerable, answers all answerable
    assert rates(scored, chosen) == {"refusal_accuracy": 1.0, "false_refusal_rate": 0.0, "balanced": 1.0}
    assert sum(r["best"] for r in table) == 1


def test_separation_auc():
    scored = [Scored(_q("a1"), 0.9, "q"), Scored(_q("a2"), 0.6, "q"), Scored(_q("u1", ()), 0.7, "q")]
    assert separation_auc(scored) == 0.5
    assert separation_auc(scored[:1]) is None


def test_questions_file_loads():
    test = load_questions(split="test")
    dev = load_questions(split="dev")
    assert test and dev and not {q.id for q in test} & {q.id for q in dev}
    assert len(load_questions(split="all")) == len(test) + len(dev)
    assert len(load_questions(split="test", limit=4)) == 4


# ------------------------------------------------------------------------------ smoke run
#
# The real model and index, 4 test questions (3 answerable, 1 unanswerable). The llama-index
# VectorStoreIndex baseline embeds the whole raw corpus (85 nodes of ~1,000 tokens: 25–55 s on
# 2 cores), which alone would push the smoke run past a minute, so it is checked separately on a
# two-file corpus with the same model; the stock BM25 baseline runs on the real corpus.

SMOKE_N = 4


@pytest.fixture(scope="module")
def embedder():
    from pipeline import config
    from pipeline.embedder import load_embedder

    if not (config.MODEL_DIR / "modules.json").is_file():
        pytest.skip("e5 model not converted yet (make model)")
    return load_embedder()


@pytest.fixture(scope="module")
def real_index(embedder):
    """Build the real index on the configured paths if it is missing or stale (no-op otherwise)."""
    from pipeline import config
    from pipeline.index import build_index

    build_index(config.CORPUS_DIR, config.INDEX_DIR, embedder, progress=False)
    return config


@pytest.fixture(scope="module")
def smoke(real_index, embedder, tmp_path_factory):
    from eval.runner import run_eval

    tmp = tmp_path_factory.mktemp("eval-smoke")
    rows = [json.loads(line) for line in (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    test = [r for r in rows if r["split"] == "test"]
    picked = [r for r in test if r["evidence"]][: SMOKE_N - 1] + [r for r in test if not r["evidence"]][:1]
    questions = tmp / "questions.jsonl"
    questions.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in picked), encoding="utf-8")
    out = tmp / "results"
    result = run_eval(split="test", limit=SMOKE_N, out_dir=out, skip_build=True, progress=False,
                      questions_path=questions, baselines=("llamaindex-bm25",), embedder=embedder)
    return result, out


def test_smoke_outputs(smoke):
    result, out = smoke
    for name in ("latest.json", "latest.md", "latest.png"):
        assert (out / name).stat().st_size > 0
    data = json.loads((out / "latest.json").read_text(encoding="utf-8"))
    configs = data["config"]["configs"]
    assert configs == ["bm25", "dense", "hybrid", "rescored", "llamaindex-bm25"]
    for name in configs:
        overall = data["retrieval"][name]["overall"]
        for metric in ("recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10"):
            assert 0.0 <= overall[metric] <= 1.0, (name, metric)
        assert overall["recall@1"] <= overall["recall@5"] <= overall["recall@10"]
        assert overall["n"] == SMOKE_N - 1  # the unanswerable question is left out
    assert len(data["per_query"]) == SMOKE_N
    for row in data["per_query"]:
        assert set(row["retrieval"]) == set(configs)
        assert len(row["retrieval"]["rescored"]["top"]) <= 5
        assert "ask" in row
    ask = data["ask"]
    assert ask["n_unanswerable"] == 1 and ask["n_answerable"] == SMOKE_N - 1
    for key in ("refusal_accuracy", "false_refusal_rate", "correct_citation_rate"):
        assert 0.0 <= ask[key] <= 1.0, key
    if ask["verbatim_sentence_rate"] is not None:
        assert ask["verbatim_sentence_rate"] == 1.0  # extractive answers quote their passage
    assert data["latency"]["search"]["p50_ms"] > 0
    markdown = (out / "latest.md").read_text(encoding="utf-8")
    for name in configs:
        assert name in markdown
    assert (out / "latest.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_vector_baseline_on_small_corpus(embedder, tmp_path):
    from eval.baselines import BM25, VECTOR, build_baselines

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("技術情報管理認証制度（TICS）は、企業の情報管理体制を認証する国の制度です。\n", encoding="utf-8")
    (corpus / "b.txt").write_text("キャッチオール規制は、リスト規制品以外でも用途によって輸出許可が必要になる制度です。\n",
                                  encoding="utf-8")
    (corpus / "manifest.toml").write_text("", encoding="utf-8")  # not a raw document: ignored
    built = build_baselines(corpus, embedder, top_k=10)
    assert list(built) == [VECTOR, BM25]
    vector = built[VECTOR]
    assert set(vector.passages) == {"a#1", "b#1"}
    hits = vector.retrieve("TICSの認証制度とは")
    assert [pid for pid, _ in hits][0] == "a#1"
    assert all(-1.0 <= score <= 1.0 for _, score in hits)
    assert set(built[BM25].passages) == set(vector.passages)


def test_case_mentioned():
    from eval.runner import case_mentioned

    assert case_mentioned("事例15", "・他社との共同研究開発の制限(事例⑮)")
    assert case_mentioned("事例3", "情報交換(事例3)")
    assert not case_mentioned("事例1", "(事例⑮)")
    assert case_mentioned("No.14", "民間ベストプラクティス集 No.14 A社")
    assert not case_mentioned("No.1", "民間ベストプラクティス集 No.14 A社")
    assert case_mentioned("Case 1", "Case 1 退職者")

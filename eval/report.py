"""Write a run's results: latest.json (everything), latest.md (the report), latest.png (chart)."""
from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from pipeline.storage import write_atomic

from .metrics import DEFAULT_METRICS

TYPE_ORDER = ("lookup", "paraphrase", "numeric", "case", "edition")
PERSONA_ORDER = ("sme", "officer", "evaluator")
FAIL_LIMIT = 25


def _fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _ordered(keys, order) -> list[str]:
    return [k for k in order if k in keys] + sorted(k for k in keys if k not in order)


def _metric_table(result: dict[str, Any], pick, extra_cols: tuple[str, ...] = ()) -> list[str]:
    product = result["config"]["product"]
    metrics = result["config"].get("metrics", list(DEFAULT_METRICS))
    lines = ["| config | " + " | ".join(metrics + list(extra_cols)) + " |",
             "|---|" + "---:|" * (len(metrics) + len(extra_cols))]
    for name in result["config"]["configs"]:
        values = pick(name)
        if values is None:
            continue
        cells = [_fmt(values.get(m)) for m in metrics] + [_fmt(values.get(c)) for c in extra_cols]
        label = f"**{name}** ★ product" if name == product else name
        if name == product:
            cells = [f"**{c}**" for c in cells]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def _group_table(result: dict[str, Any], key: str, order: tuple[str, ...], metric: str) -> list[str]:
    product = result["config"]["product"]
    configs = result["config"]["configs"]
    groups = _ordered({g for c in configs for g in result["retrieval"][c][key]}, order)
    counts = {g: next((result["retrieval"][c][key][g]["n"] for c in configs if g in result["retrieval"][c][key]), 0)
              for g in groups}
    lines = ["| config | " + " | ".join(f"{g} (n={counts[g]})" for g in groups) + " |",
             "|---|" + "---:|" * len(groups)]
    for name in configs:
        row = result["retrieval"][name][key]
        cells = [_fmt(row[g][metric]) if g in row else "—" for g in groups]
        label = f"**{name}** ★" if name == product else name
        if name == product:
            cells = [f"**{c}**" for c in cells]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def render_markdown(result: dict[str, Any]) -> str:
    cfg = result["config"]
    product = cfg["product"]
    qs = cfg["questions"]
    out: list[str] = []
    out.append("# Retrieval and answer benchmark")
    out.append("")
    out.append(f"Run {result['date']} · split **{cfg['split']}**"
               + (f" (first {cfg['limit']})" if cfg.get("limit") else "")
               + f" · {qs['n']} questions ({qs['answerable']} answerable, {qs['unanswerable']} unanswerable)"
               + f" · questions sha256 {qs['sha256']} · model {cfg['model']['name']}"
               + (f" · commit {cfg['git_commit'][:10]}" if cfg.get("git_commit") else "")
               + (" (+ uncommitted changes in pipeline/)" if cfg.get("pipeline_uncommitted_changes") else ""))
    out.append("")
    out.append("Relevance: a passage is relevant iff its compacted text contains a compacted evidence string "
               "(independent of how each system chunks). Recall@k = share of answerable questions with a relevant "
               "passage in the top k. nDCG@10: binary gain for the first relevant passage, ideal = one relevant at "
               "rank 1. Unanswerable questions are left out of retrieval metrics. How to read and reproduce: "
               "[eval/README.md](../README.md).")
    out.append("")

    out.append("## Retrieval, overall")
    out.append("")
    out.extend(_metric_table(result, lambda n: {**result["retrieval"][n]["overall"],
                                                "passages": result["retrieval"][n]["passages"],
                                                "unreachable": len(result["retrieval"][n]["unreachable"])},
                             extra_cols=("n", "passages", "unreachable", "case@1")))
    out.append("")
    n_case = next((result["retrieval"][c].get("case_questions") for c in cfg["configs"]
                   if result["retrieval"][c].get("case_questions")), 0)
    if n_case:
        out.append(f"`case@1`: share of the {n_case} questions with a case label (No.14, 事例6, Case 1) whose top "
                   "passage carries that case (product chunks only; baseline nodes have no case label).")
        out.append("")
    out.append("Configs:")
    out.append("")
    for name in cfg["configs"]:
        marker = " (**product**)" if name == product else ""
        out.append(f"- `{name}`{marker}: {cfg['descriptions'].get(name, '')}")
    for name, info in cfg.get("baselines", {}).items():
        zero = info.get("queries_with_all_zero_scores") or 0
        out.append(f"  - `{name}`: {info.get('nodes')} nodes, median {info.get('chars_median')} chars, "
                   f"max {info.get('chars_max')} chars, built in {info.get('build_seconds')} s"
                   + (f"; for {zero} of {qs['n']} questions it scored every node 0 and returned nodes in "
                      "corpus order" if zero else ""))
    out.append("")
    unreachable = {n: result["retrieval"][n]["unreachable"] for n in cfg["configs"] if result["retrieval"][n]["unreachable"]}
    if unreachable:
        out.append("Unreachable questions (no passage of that system contains any evidence string — a chunking "
                   "or extraction issue, they count as misses):")
        out.append("")
        for name, ids in unreachable.items():
            out.append(f"- `{name}`: {', '.join(ids)}")
        out.append("")

    for title, group, order, chart in (("question type", "by_type", TYPE_ORDER, "![recall by type](latest.png)"),
                                       ("persona", "by_persona", PERSONA_ORDER, None)):
        out.append(f"## Retrieval by {title}")
        out.append("")
        for metric in ("recall@1", "recall@5", "mrr@10"):
            out.append(f"**{metric}**")
            out.append("")
            out.extend(_group_table(result, group, order, metric))
            out.append("")
        if chart:
            out.append(chart)
            out.append("")

    ask = result.get("ask")
    out.append(f"## Answers (`ask`, product `{product}`)")
    out.append("")
    if ask:
        out.append("| metric | value | over |")
        out.append("|---|---:|---|")
        out.append(f"| refusal accuracy (unanswerable refused) | {_pct(ask['refusal_accuracy'])} | {ask['n_unanswerable']} unanswerable |")
        out.append(f"| false-refusal rate (answerable refused) | {_pct(ask['false_refusal_rate'])} | {ask['n_answerable']} answerable |")
        out.append(f"| correct-citation rate (answered with a passage holding the evidence) | {_pct(ask['correct_citation_rate'])} | {ask['n_answerable']} answerable |")
        out.append(f"| correct citation when answered | {_pct(ask['correct_citation_when_answered'])} | answered answerable |")
        out.append(f"| case number of the first citation (`chunk.case` equals the label) | {_pct(ask['case_accuracy'])} | {ask['n_case']} with a case label |")
        if ask.get("case_accuracy_lenient") is not None:
            out.append(f"| … or the first cited passage names the case (事例⑮, No.14) | {_pct(ask['case_accuracy_lenient'])} | {ask['n_case']} with a case label |")
        out.append(f"| answer sentences verbatim in their cited passage | {_pct(ask['verbatim_sentence_rate'])} | {ask['n_sentences']} sentences |")
    else:
        out.append("Skipped (`--skip-ask`).")
    out.append("")
    missing = result.get("case_labels_not_in_index") or {}
    if missing:
        out.append("Case labels no chunk carries (those questions can never score on the strict case metric): "
                   + "; ".join(f"{case} ({', '.join(ids)})" for case, ids in missing.items()) + ".")
        out.append("")

    lat = result["latency"]
    out.append("## Latency and build")
    out.append("")
    out.append("Measured in this run on this machine "
               f"({lat.get('threads')} CPUs, model {cfg['model']['name']}), first call of each series discarded. "
               "The model is warmed up first; the two search rows are the same questions searched in two passes "
               "(the product's retrieval pass, then a second pass after everything else) — their difference shows "
               "how much other load on the machine moves the figures.")
    out.append("")
    out.append("| | p50 ms | p95 ms | mean ms | n |")
    out.append("|---|---:|---:|---:|---:|")
    s = lat["search"]
    out.append(f"| search (`{s['mode']}`, top {s['top_k']}), second pass | {_fmt(s['p50_ms'], 1)} | {_fmt(s['p95_ms'], 1)} | "
               f"{_fmt(s['mean_ms'], 1)} | {s['n']} |")
    f = lat.get("search_first_pass")
    if f and f.get("n"):
        out.append(f"| search, first pass | {_fmt(f['p50_ms'], 1)} | {_fmt(f['p95_ms'], 1)} | "
                   f"{_fmt(f['mean_ms'], 1)} | {f['n']} |")
    if lat.get("ask"):
        a = lat["ask"]
        out.append(f"| ask | {_fmt(a['p50_ms'], 1)} | {_fmt(a['p95_ms'], 1)} | {_fmt(a['mean_ms'], 1)} | {a['n']} |")
    out.append("")
    if lat.get("embed_share_of_search") is not None:
        stages = ", ".join(f"{k} {v:.1f} ms" for k, v in lat.get("search_stage_means_ms", {}).items())
        out.append(f"e5 query embedding: {_pct(lat['embed_share_of_search'])} of search time "
                   f"(p50 {_fmt(lat['embed_ms_p50'], 1)} ms). Mean per stage: {stages}.")
        out.append("")
    build = result.get("build")
    if build:
        out.append(f"Index build from scratch (`build_index(force=True)` into a temporary directory): "
                   f"**{build['seconds']:.1f} s** for {build['chunks']} chunks and {build['lines']} lines "
                   f"({build['embedded']} texts embedded).")
    else:
        out.append("Index build time: skipped.")
    out.append("")
    out.append(f"Model and index load: {cfg.get('load_seconds')} s. Load average at the end of the run: "
               f"{lat.get('load_average_at_end')} (other processes on the machine inflate p95).")
    out.append("")

    out.append(f"## Where it fails (`{product}` misses at rank 1)")
    out.append("")
    misses = [r for r in result["per_query"]
              if r["answerable"] and r["retrieval"].get(product, {}).get("first_relevant_rank") != 1]
    if not misses:
        out.append("None.")
    else:
        out.append(f"{len(misses)} answerable questions have no relevant passage at rank 1"
                   + (f" (first {FAIL_LIMIT} shown; all are in latest.json)" if len(misses) > FAIL_LIMIT else "") + ".")
        out.append("")
        out.append("| id | type | question | evidence | first relevant | retrieved at rank 1 |")
        out.append("|---|---|---|---|---:|---|")
        for r in misses[:FAIL_LIMIT]:
            pr = r["retrieval"][product]
            top = pr["top"][0] if pr["top"] else None
            rank = pr["first_relevant_rank"]
            rank_text = str(rank) if rank else ("unreachable" if pr.get("relevant_in_collection") == 0 else "> 10")
            top_text = f"{top.get('citation') or top['id']}: {top['text']}" if top else "—"
            out.append(f"| {r['id']} | {r['type']} | {_cell(r['question'])} | {_cell(' / '.join(r['evidence']))} | "
                       f"{rank_text} | {_cell(top_text)} |")
    out.append("")
    if ask:
        rows = [r for r in result["per_query"] if "ask" in r]
        wrong = [r for r in rows if r["ask"]["found"] and (not r["answerable"] or not r["ask"]["correct_citation"])]
        if wrong:
            out.append("Answered wrongly (an unanswerable question answered, or no cited passage holds the evidence):")
            out.append("")
            out.append("| id | type | question | answer (first line) | first citation |")
            out.append("|---|---|---|---|---|")
            for r in wrong[:FAIL_LIMIT]:
                first = r["ask"]["text"].splitlines()[0] if r["ask"]["text"] else ""
                cite = r["ask"]["citations"][0]["citation"] if r["ask"]["citations"] else "—"
                out.append(f"| {r['id']} | {r['type']} | {_cell(r['question'])} | {_cell(first[:90])} | {_cell(cite)} |")
            out.append("")
        refused = [r["id"] for r in rows if r["answerable"] and not r["ask"]["found"]]
        if refused:
            out.append(f"Answerable but refused ({len(refused)}): {', '.join(refused)}.")
            out.append("")
    versions = cfg.get("versions", {})
    out.append("## Versions")
    out.append("")
    out.append(", ".join(f"{k} {v}" for k, v in versions.items()))
    idx = cfg.get("index", {})
    out.append("")
    out.append(f"Index: built {idx.get('built_at')}, code {idx.get('code_version')}, corpus {str(idx.get('corpus_checksum'))[:16]}, "
               f"{idx.get('chunk_count')} chunks.")
    out.append("")
    return "\n".join(out)


def render_chart(result: dict[str, Any]) -> bytes:
    """Return a PNG: recall@1 and recall@5 per question type, one bar per config (ASCII labels)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    configs = result["config"]["configs"]
    product = result["config"]["product"]
    types = _ordered({t for c in configs for t in result["retrieval"][c]["by_type"]}, TYPE_ORDER)
    fig, axes = plt.subplots(1, 2, figsize=(13, 4.8), sharey=True)
    width = 0.8 / max(len(configs), 1)
    colors = plt.get_cmap("tab10")
    for ax, metric in zip(axes, ("recall@1", "recall@5")):
        for i, name in enumerate(configs):
            by_type = result["retrieval"][name]["by_type"]
            values = [by_type[t][metric] if t in by_type else 0.0 for t in types]
            xs = [j + (i - (len(configs) - 1) / 2) * width for j in range(len(types))]
            ax.bar(xs, values, width, label=name + (" (product)" if name == product else ""), color=colors(i),
                   edgecolor="black" if name == product else "none", linewidth=1.2 if name == product else 0)
        ax.set_xticks(range(len(types)))
        ax.set_xticklabels([f"{t}\n(n={result['retrieval'][configs[0]]['by_type'].get(t, {}).get('n', 0)})"
                            for t in types])
        ax.set_ylim(0, 1.05)
        ax.set_title(metric)
        ax.grid(axis="y", alpha=0.3)
    axes[0].set_ylabel("share of answerable questions")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(configs), fontsize=9, frameon=False)
    fig.suptitle(f"Retrieval by question type ({result['config']['split']} split, {result['date'][:10]})")
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return buf.getvalue()


def write_outputs(result: dict[str, Any], out_dir: Path) -> list[Path]:
    """Write latest.json, latest.md and latest.png into `out_dir`, each atomically."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / "latest.json", out_dir / "latest.md", out_dir / "latest.png"]
    write_atomic(paths[0], json.dumps(result, ensure_ascii=False, indent=1, allow_nan=False) + "\n")
    write_atomic(paths[1], render_markdown(result))
    write_atomic(paths[2], render_chart(result))
    return paths

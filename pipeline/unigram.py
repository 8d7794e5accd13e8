"""The converted e5's tokenizer without the `tokenizers` library: loads in a fraction of the time.

`tokenizers.Tokenizer.from_file` spends about half a second parsing the 16.8 MB `tokenizer.json`
on every start. The model's tokenizer is simple (see `e5convert.build_tokenizer`): map each
character through a table, collapse runs of spaces, mark word starts with '▁', then choose the
pieces with the best total score (Viterbi), one unknown character at a time falling back to <unk>.
`write_tables` stores what that needs as plain arrays at setup (`onnx_export`); `LeanUnigram`
reads them and gives the same ids as the library (tests/test_embedder_onnx.py compares every
passage and question).
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np

METASPACE = "\u2581"  # ▁, marks the start of a word in the pieces
UNKNOWN_PENALTY = 10.0  # an unknown character scores the vocabulary's lowest score minus this
_SPACES = re.compile(" {2,}")


def write_tables(tokenizer_json: Path, path: Path) -> None:
    """Write the arrays `LeanUnigram` reads, taken from a `tokenizers` Unigram tokenizer file: the
    pieces and their scores, the special tokens, and the character map of its normaliser (found by
    normalising every code point on its own, which is how the model's own engine applies it)."""
    import json

    from tokenizers import Tokenizer

    spec = json.loads(tokenizer_json.read_text(encoding="utf-8"))
    model = spec["model"]
    if model.get("type") != "Unigram":
        raise ValueError(f"{tokenizer_json} is not a Unigram tokenizer")
    pieces = [piece for piece, _ in model["vocab"]]
    scores = np.asarray([score for _, score in model["vocab"]], np.float64)
    normalizer = Tokenizer.from_file(str(tokenizer_json)).normalizer
    sources, targets = [], []
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        mapped = normalizer.normalize_str(char) if normalizer else char
        if mapped != char:
            sources.append(code)
            targets.append(mapped)
    specials = [token["content"] for token in spec.get("added_tokens", []) if token.get("special")]
    post = spec.get("post_processor") or {}
    single = [step["SpecialToken"]["id"] for step in post.get("single", []) if "SpecialToken" in step]
    template = [pieces.index(token) for token in single] if single else []
    np.savez(path, pieces="\0".join(pieces), scores=scores, unk=np.int64(model["unk_id"]),
             sources=np.asarray(sources, np.int64), targets="\0".join(targets), specials="\0".join(specials),
             template=np.asarray(template, np.int64))


class LeanUnigram:
    """Token ids for text, as the converted model's `tokenizers` Unigram tokenizer gives them."""

    def __init__(self, path: Path, max_length: int):
        with np.load(path) as tables:
            pieces = str(tables["pieces"]).split("\0")
            scores = tables["scores"].tolist()
            self._unk = int(tables["unk"])
            targets = str(tables["targets"]).split("\0") if tables["sources"].size else []
            self._map = {int(code): target for code, target in zip(tables["sources"].tolist(), targets)}
            specials = [s for s in str(tables["specials"]).split("\0") if s]
            template = tables["template"].tolist()
        self._pieces = {piece: (i, scores[i]) for i, piece in enumerate(pieces)}
        self._longest = max(len(p) for p in pieces)
        self._unknown_score = min(scores) - UNKNOWN_PENALTY
        self._specials = {s: self._pieces[s][0] for s in specials if s in self._pieces}
        self._special_split = re.compile("(" + "|".join(map(re.escape, sorted(specials, key=len, reverse=True))) + ")") \
            if specials else None
        self._bos, self._eos = (template[0], template[-1]) if len(template) >= 2 else (None, None)
        self._max_length = max_length

    def encode(self, text: str) -> list[int]:
        """Return the ids of `text` with <s> … </s>, truncated to the model's length."""
        ids: list[int] = []
        parts = self._special_split.split(text) if self._special_split else [text]
        for part in parts:
            if part in self._specials:
                ids.append(self._specials[part])
            elif part:
                ids += self._pieces_of(part)
        room = self._max_length - (2 if self._bos is not None else 0)
        ids = ids[:room]
        return [self._bos, *ids, self._eos] if self._bos is not None else ids

    def _normalise(self, text: str) -> str:
        text = "".join(self._map.get(ord(char), char) for char in text)
        text = _SPACES.sub(" ", text)
        if not text:
            return ""
        text = text.replace(" ", METASPACE)
        return text if text.startswith(METASPACE) else METASPACE + text

    def _pieces_of(self, text: str) -> list[int]:
        text = self._normalise(text)
        n = len(text)
        if not n:
            return []
        # best[i]: (score of the best path covering text[:i], start of its last piece, its id)
        best: list[tuple[float, int, int] | None] = [None] * (n + 1)
        best[0] = (0.0, -1, -1)
        pieces, longest = self._pieces, self._longest
        for start in range(n):
            here = best[start]
            if here is None:
                continue
            single = False
            for end in range(start + 1, min(n, start + longest) + 1):
                found = pieces.get(text[start:end])
                if found is None:
                    continue
                score = here[0] + found[1]
                if best[end] is None or score > best[end][0]:
                    best[end] = (score, start, found[0])
                single = single or end == start + 1
            if not single:
                score = here[0] + self._unknown_score
                if best[start + 1] is None or score > best[start + 1][0]:
                    best[start + 1] = (score, start, self._unk)
        out: list[int] = []
        end = n
        while end > 0:
            _, start, piece = best[end]
            if not (piece == self._unk and out and out[-1] == self._unk):  # runs of unknowns are one <unk>
                out.append(piece)
            end = start
        return out[::-1]

"""Checks of what a user asks the search for (top-k, filters), shared by the CLI and any other front
end: a bad value is named with what would be accepted, never silently changed."""
from __future__ import annotations

from typing import Iterable

from .errors import InputError
from .records import Chunk
from .search import MAX_TOP_K, SearchFilters


def check_top_k(value: int) -> int:
    """Return `value` if it is a usable number of results, else raise InputError saying the range."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_TOP_K:
        raise InputError(f"表示件数（top-k）は 1〜{MAX_TOP_K} の整数で指定してください（指定: {value}）。",
                         f"--top-k 5 のように 1〜{MAX_TOP_K} を指定してください")
    return value


def check_filters(filters: SearchFilters, chunks: Iterable[Chunk]) -> None:
    """Raise InputError naming any document id or collection the index doesn't have, with the valid ones."""
    doc_ids: set[str] = set()
    collections: set[str] = set()
    for chunk in chunks:
        doc_ids.add(chunk.doc_id)
        if chunk.collection:
            collections.add(chunk.collection)
    for asked, known, label, option in ((filters.doc_ids, doc_ids, "文書 ID", "--doc"),
                                        (filters.collections, collections, "資料集", "--collection")):
        unknown = [value for value in asked if value not in known]
        if unknown:
            raise InputError(f"{label}「{'」「'.join(unknown)}」は索引にありません。",
                             f"{option} には次のどれかを指定してください: {'、'.join(sorted(known))}")

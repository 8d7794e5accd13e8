"""A value asked that no line states, but that figures the documents give come to (a derived value): the
years between two dated events (「…ができてから…が出てくるまで、何年あいてる？」), a part's share of a
whole (「発行額のうちどれくらいの割合？」), a share of a count (「参加者のうち満足した人ってざっくり何人？」).

The answer quotes the lines that give the figures and says in a notice what they come to, worked out here:
the documents never state it, so the notice says so. A figure missing (one year only, one amount only) is
no answer: the composition refuses as before."""

from __future__ import annotations

import re

from ..normalize import COLONS, compact, normalize_text
from ..question import CURRENCY, ORGANISATION_ENDINGS, Analysis, western_year
from ..search import Searcher
from .blocks import Composition, _unit_segments, _with_heading
from .evidence import _SHARE, bare_date_heading, Candidate, TopicTerm, _names
from .wording import DERIVED_NOTICE, DERIVED_DATES_NOTICE

# What is asked, by how the question asks it
_INTERVAL_ASKED = re.compile(r"何\s*(年|か月|ヶ月|カ月|ケ月)\s*(?:くらい|ぐらい|ほど)?\s*(?:あい|空い|開い|経っ|たっ|経過|後|かか|ぶり|の間|間|離れ)"
                             r"|から[^、。？?]+?まで(?:に|の間|で|は)?\s*(?:だいたい|およそ)?\s*何\s*(年|か月|ヶ月|カ月|ケ月)(?!前|度|頃|ごろ)")
_YEARS_AND_MONTHS = re.compile(r"何\s*年\s*何\s*(?:か月|ヶ月|カ月|ケ月)")
_SHARE_ASKED = re.compile(r"(?:のうち|に対して|に占め)\S{0,20}?(?:割合|何割|何\s*[%％]|何パーセント)")
_PART_COUNT_ASKED = re.compile(r"のうち\S{0,20}?何\s*(人|名|社|件)")
# 「説明会と職員研修って、参加者を足すと何人？」「AとBを合わせると何社？」: the total of two things' counts
_SUM_ASKED = re.compile(r"(?:足す|足し|合わせる|合わせて|合わせた|合計|合算|トータル)\S{0,12}?何\s*(人|名|社|件)")
_BOTH = re.compile(r"([^、。？?]+?)と([^、。？?]+?)(?:って|は|で|を|の(?:参加者|合計|数))")
# 「Aができてから Bが出てくるまで」「AとBの間」: the two events an interval is between
# (a comma may follow から: 「…の策定から、…の策定まで」)
_FROM_TO = re.compile(r"([^、。？?]+?)から[、,]?\s*([^、。？?]+?)まで")
_BETWEEN = re.compile(r"([^、。？?]+?)と([^、。？?]+?)(?:の間|のあいだ|の間隔)")

# A year (and month) as the documents date things: 2023年10月, or in the era, 令和5年10月 (元年 its first)
_YEAR = re.compile(r"(?:(?<!\d)((?:19|20)\d\d)|(令和|平成)\s*(\d{1,2}|元))\s*年(?:\s*(\d{1,2})\s*月)?")
_BARE_YEAR = re.compile(r"\s*(?:(?:19|20)\d\d|(?:令和|平成)\s*(?:\d{1,2}|元))\s*年\s*")
# A figure and its unit (「3,000億元」「48名」)
_FIGURE = re.compile(rf"(?<![\d.,])(\d[\d,]*(?:\.\d+)?)\s*(万|億|兆)?\s*({CURRENCY}|名|人|社|件)")
_SCALE = {None: 1, "万": 10 ** 4, "億": 10 ** 8, "兆": 10 ** 12}
_PEOPLE = {"人": "名"}  # counters that count the same things


def compose_derived(searcher: Searcher, analysis: Analysis, pool: list[Candidate],
                    terms: list[TopicTerm]) -> Composition | None:
    """Return the lines giving the figures a derived value comes to, with the notice working it out, or
    None when the question asks no derived value or the documents lack a figure of it."""
    question = normalize_text(analysis.resolved)
    if (interval := _INTERVAL_ASKED.search(question)) is not None:
        # (「何年何か月」 asks for years and months: 1年7か月, not 19か月)
        unit = "年" if _YEARS_AND_MONTHS.search(question) else interval.group(1) or interval.group(2)
        return _interval(searcher, question, unit, pool, terms)
    if _SHARE_ASKED.search(question):
        return _share(searcher, question, pool, terms)
    if (part := _PART_COUNT_ASKED.search(question)) is not None:
        return _part_of_count(question, part.group(1), pool, terms)
    if (total := _SUM_ASKED.search(question)) is not None:
        return _sum(question, total.group(1), pool, terms)
    return None


def asks_total(analysis: Analysis) -> bool:
    """Return True for a question asking the total of two things' counts (「…と…を合わせると何社？」)."""
    return _SUM_ASKED.search(normalize_text(analysis.resolved)) is not None


def _side_terms(side: str, terms: list[TopicTerm]) -> list[TopicTerm]:
    return [t for t in terms if t.weight and t.term and compact(t.term) in compact(side)]


def _best_naming(side: list[TopicTerm], other: list[TopicTerm], lines: list[Candidate]) -> Candidate | None:
    """The best scored line naming every word of one side's own, and not the other side's line (naming
    every word of its own) where one does: 「アクションプランの初版」 is not met by another plan's 「…の初版公表を目指す」."""
    own = [t for t in side if t not in other] or side
    others = [t for t in other if t not in side]
    naming = [c for c in lines if own and all(_names(t, c.text) for t in own)]
    # (a line naming the other side's words too is the last resort: the line dating what came of a thing names
    # that thing as well, 「見本手引を拡充し、「見本要領」を公表（令和5年1月）」)
    alone = [c for c in naming if not (others and all(_names(t, c.text) for t in others))]
    return max(alone or naming, key=lambda c: c.score, default=None)


def _dated(searcher: Searcher, line: Candidate, units: dict[str, list[Candidate]]) -> tuple[re.Match[str], Candidate | None] | None:
    """The year (and month) a line is of: in its text, or a timeline's date alone on the line right above
    it (「2022年」 over 「Chat GPTの登場」), given with that line to quote before it. `units`: each unit's
    segments, read once per question."""
    if (found := _YEAR.search(normalize_text(line.text))) is not None:
        return found, None
    if bare_date_heading(_BARE_YEAR, line.piece.heading):
        return _YEAR.search(normalize_text(line.piece.heading)), None
    if line.chunk.unit_id not in units:
        units[line.chunk.unit_id] = _unit_segments(searcher, line.chunk.unit_id)
    segments = units[line.chunk.unit_id]
    at = next((i for i, s in enumerate(segments)
               if s.chunk.chunk_id == line.chunk.chunk_id and s.piece_index == line.piece_index), None)
    if at and bare_date_heading(_BARE_YEAR, segments[at - 1].text):
        return _YEAR.search(normalize_text(segments[at - 1].text)), segments[at - 1]
    return None


def _interval(searcher: Searcher, question: str, unit: str, pool: list[Candidate],
              terms: list[TopicTerm]) -> Composition | None:
    sides = _FROM_TO.search(question) or _BETWEEN.search(question)
    if sides is None:
        return None
    first, second = (_side_terms(sides.group(n), terms) for n in (1, 2))
    # (a timeline's entry may be read as a heading: one opening with its date is an entry all the same)
    units: dict[str, list[Candidate]] = {}
    dates = {id(c): date for c in pool if (c.piece.kind not in ("heading", "title") or _YEAR.match(normalize_text(c.text)))
             and (date := _dated(searcher, c, units)) is not None}
    dated = [c for c in pool if id(c) in dates]
    start, end = _best_naming(first, second, dated), _best_naming(second, first, dated)
    if start is None or end is None or start is end:
        return None
    (a, a_line), (b, b_line) = dates[id(start)], dates[id(end)]
    lines = [line for line in (a_line, start, b_line, end) if line is not None]
    (a_year, a_month), (b_year, b_month) = _year_month(a), _year_month(b)
    if a_month and b_month:  # (both to the month: 2023年10月 to 2025年5月 is 1年7か月, not 2年)
        months = abs((b_year - a_year) * 12 + b_month - a_month)
        value = f"{months}か月" if unit != "年" else f"{months // 12}年" + (f"{months % 12}か月" if months % 12 else "")
    elif unit == "年":
        value = f"{abs(b_year - a_year)}年"
    else:  # months asked of dates given to the year: the dates, and no figure of ours
        return Composition(lines, DERIVED_DATES_NOTICE)
    return Composition(lines, DERIVED_NOTICE.format(figures="、".join(m.group(0).strip() for m in (a, b)), value=value))


def _year_month(date: re.Match[str]) -> tuple[int, int | None]:
    """The Western year and the month (None when not given) of a date _YEAR found (令和5年10月 → 2023, 10)."""
    western, era, number, month = date.groups()
    year = int(western) if western else western_year(era, 1 if number == "元" else int(number))
    return year, int(month) if month else None


def _amounts(text: str) -> list[tuple[float, str, str]]:
    """The figures of a line with their units, (value in ones, unit, as written) — not one in brackets,
    which gives another's conversion (「3,000億元(約6兆円)」)."""
    plain = re.sub(r"[(（][^()（）]*[)）]", " ", normalize_text(text))
    return [(float(m.group(1).replace(",", "")) * _SCALE[m.group(2)], _PEOPLE.get(m.group(3), m.group(3)), m.group(0))
            for m in _FIGURE.finditer(plain)]


_DATE_GIVEN = re.compile(r"\d{1,2}\s*月|(?:19|20)\d\d\s*年")


def _share(searcher: Searcher, question: str, pool: list[Candidate], terms: list[TopicTerm]) -> Composition | None:
    """「中国の7月発行の国債、…設備…の支援に回したのって、発行額のうちどれくらいの割合？」: a whole (named before
    のうち) and a part on its slide, each with a figure in one unit, the part naming a word of the question its
    whole does not; of such pairs, the one naming most of what the question names (its words and the dates it
    gives), nearest each other. A line with just two figures in one unit, naming the whole and such a word
    (「10年で150兆円超の官民投資、そのために20兆円規模の政府支援。」), is its own pair."""
    whole_words = re.split(r"のうち|に対して|に占め", question)[0].rpartition("、")[2]
    whole_side = _side_terms(whole_words, terms)
    words = [t for t in terms if t.weight]
    dates = [compact(d) for d in _DATE_GIVEN.findall(question)]
    figured = [c for c in pool if _amounts(c.text)]
    best = None
    for whole in (c for c in figured if c.about and any(_names(t, c.text) for t in whole_side)):
        # (what the part is of: a word of the question neither the whole's words nor on the whole's line)
        part_words = [t for t in words if t not in whole_side and not _names(t, whole.text)]
        own = _amounts(whole.text)
        if len(own) == 2 and own[0][1] == own[1][1] and own[0][0] != own[1][0] and \
                any(_names(t, whole.text) for t in words if t not in whole_side):
            small, large = sorted(own)
            return Composition([whole], DERIVED_NOTICE.format(figures=f"{small[2]} ÷ {large[2]}",
                                                              value=f"約{round(small[0] / large[0] * 100)}%"))
        segments = [(s.chunk.chunk_id, s.piece_index) for s in _unit_segments(searcher, whole.chunk.unit_id)]
        # (a part is no other whole: a line naming the whole's words, 「7月に…国債を発行。」, is none of 3月's)
        for part in (c for c in figured if c.chunk.unit_id == whole.chunk.unit_id and c.text != whole.text
                     and not any(_names(t, c.text) for t in whole_side) and any(_names(t, c.text) for t in part_words)):
            pairs = [(p[0] / w[0], w[2], p[2]) for w in _amounts(whole.text)[:1] for p in _amounts(part.text)[:1]
                     if w[1] == p[1] and 0 < p[0] < w[0]]
            if not pairs:
                continue
            both = f"{whole.text} {part.text}"
            named = sum(_names(t, both) for t in words) + sum(d in compact(both) for d in dates)
            apart = abs(segments.index((whole.chunk.chunk_id, whole.piece_index))
                        - segments.index((part.chunk.chunk_id, part.piece_index)))
            key = (named, -apart, whole.score + part.score)
            if best is None or key > best[0]:
                best = (key, whole, part, pairs[0])
    if best is None:
        return None
    _, whole, part, (ratio, whole_written, part_written) = best
    return Composition([whole, part], DERIVED_NOTICE.format(figures=f"{part_written} ÷ {whole_written}",
                                                            value=f"約{round(ratio * 100)}%"))


def _rate(share: str) -> float:
    """What a share as the documents write it stands for: 87% → 0.87, 6割 → 0.6, 2分の1 and 1/2 → 0.5."""
    numbers = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", share)]
    if "分の" in share:
        return numbers[1] / numbers[0]
    if "/" in share:
        return numbers[0] / numbers[1]
    return numbers[0] / (10 if "割" in share else 100)


# A share and the word it is a share of, right before it (「満足度87%」)
_LABELLED_SHARE = re.compile(rf"([一-龥ァ-ヶー]{{2,}})\s*(?:は|が|[{COLONS}])?\s*(?:{_SHARE.pattern})")


def _part_of_count(question: str, counter: str, pool: list[Candidate], terms: list[TopicTerm]) -> Composition | None:
    """「参加者のうち満足した人ってざっくり何人？」: a count times the share of what is asked — a share the
    question gives, or one the line gives of a word the asked part says (満足度 of 満足した人); another
    share on the line (満足度 for 「そのうちオンラインで参加したのは何人？」) is none of it."""
    counter = _PEOPLE.get(counter, counter)
    before, _, asked = question.rpartition("のうち")
    given = _SHARE.search(question)
    # (the count is of the thing the question names before のうち, said by the line or its headings — the office
    # aside, whose own deck calls it 当局 or nothing, and the people counted, right before のうち, whom the count
    # itself states (「48名参加」 for 参加者): 「説明会の参加者」 is not counted by the 研修's line)
    # (a word the documents never write counts too, 「説明会」 of a deck without one — not an everyday word in kana,
    # nor a compound of words that do count, 「職員向け研修」)
    said = [t for t in terms if t.term and compact(t.term) in compact(before)]
    counted = [t for t in said if not t.term.endswith(ORGANISATION_ENDINGS) and not _names(t, asked)
               and not compact(before).endswith(compact(t.term))
               and (t.weight or not re.search(r"[ぁ-ん]", t.term)
                    and not any(o is not t and o.weight and compact(o.term) in compact(t.term) for o in said))]
    for line in sorted((c for c in pool if c.about), key=lambda c: -c.score):
        if not all(_names(t, f"{line.piece.heading or ''} {line.chunk.heading} {line.text}") for t in counted):
            continue
        counts = [a for a in _amounts(line.text) if a[1] == counter]
        labelled = _LABELLED_SHARE.search(normalize_text(line.text))
        share = given or (_SHARE.search(labelled.group(0)) if labelled and labelled.group(1)[:2] in asked else None)
        if len(counts) == 1 and share is not None:
            value, _, written = counts[0]
            return Composition([line], DERIVED_NOTICE.format(
                figures=f"{written} × {share.group(0).strip()}", value=f"約{round(value * _rate(share.group(0)))}{counter}"))
    return None


def _sum(question: str, counter: str, pool: list[Candidate], terms: list[TopicTerm]) -> Composition | None:
    """「中堅企業向けの説明会と局の職員研修って、参加者を足すと何人？」: each of the two things its own line with
    one count of what is asked, the line or its heading naming that thing's words (not a word in kana, 向け, which
    a heading may put otherwise, nor an office) and not the other's; the total, 「…超」 when a count is a floor (80名超)."""
    sides = _BOTH.search(question)
    if sides is None:
        return None
    counter = _PEOPLE.get(counter, counter)
    # (nor the office, whose own deck calls it 当局 or nothing: 「見本局の説明会」 is its 説明会)
    first, second = ([t for t in _side_terms(sides.group(n), terms)
                      if not re.search(r"[ぁ-ん]", t.term) and not t.term.endswith(ORGANISATION_ENDINGS)] for n in (1, 2))

    def counted(own: list[TopicTerm], other: list[TopicTerm]) -> Candidate | None:
        mine, others = [t for t in own if t not in other], [t for t in other if t not in own]
        lines = [c for c in pool if len([a for a in _amounts(c.text) if a[1] == counter]) == 1
                 and mine and all(_names(t, f"{c.piece.heading or ''} {c.text}") for t in mine)
                 and not (others and all(_names(t, f"{c.piece.heading or ''} {c.text}") for t in others))]
        return max(lines, key=lambda c: c.score, default=None)

    a, b = counted(first, second), counted(second, first)
    if a is None or b is None or a is b:
        return None
    figures = [next(x for x in _amounts(line.text) if x[1] == counter) for line in (a, b)]
    # (each figure as written, with the word that makes it a floor: 「80名超」)
    written = [m.group(0) if (m := re.search(re.escape(w) + r"\s*(?:超|以上|余)?", normalize_text(line.text))) else w
               for line, (_, _, w) in zip((a, b), figures)]
    floor = any(w != bare for w, (_, _, bare) in zip(written, figures))
    value = f"{round(sum(v for v, _, _ in figures)):,}{counter}" + ("超" if floor else "")
    lines = [*_with_heading(a, pool), *_with_heading(b, pool)]
    return Composition(lines, DERIVED_NOTICE.format(figures=" + ".join(written), value=value))


"""Turn a visitor's message into what it asks for: days, times, zones, parts of day, an ordinal.

This module only reads; `tools.calendar.picks` matches the result against real slots. The rules
are described there. Everything here works on a normal form of the text (lower case, accents
removed, emails and links blanked) in which positions are kept: each found mention is blanked
out, so later passes cannot read it twice, and the distance between mentions still tells which
time goes with which day.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from tools.calendar.pick_words import (
    ACCEPT_WORDS,
    AMBIGUOUS_ZONE_WORDS,
    AT_WORDS,
    ENGLISH_AFTER_ZONE,
    FILLER_WORDS,
    MERIDIEM_PARTS,
    MORNING_WHEN_QUALIFIED,
    NEXT_AFTER,
    NEXT_BEFORE,
    NOON_WORDS,
    ORDINAL_ARTICLES,
    ORDINAL_NOUNS,
    ORDINAL_WORDS,
    ORDINALS_NEEDING_NOUN,
    PART_WORDS,
    RELATIVE_DAY_PARTS,
    RELATIVE_DAY_WORDS,
    THIS_WORDS,
    WEEKDAY_WORDS,
    ZONE_WORDS,
    Part,
)

# A "morning"/"afternoon" further than this many characters from a time is about something else.
_PART_HINT_CHARS = 20


@dataclass(frozen=True)
class PickRequest:
    """One thing the visitor asked for: a day and/or part of day, maybe a clock time, in a zone.

    `clock` is (hour, minute) on the 24-hour clock, am/pm already decided.
    """

    day: DayWord | None
    part: Part | None
    clock: tuple[int, int] | None
    zone: ZoneInfo


@dataclass(frozen=True)
class PickReading:
    """What a message asks for; `ordinal` is a 0-based index into the offer (-1 = the last one)."""

    requests: tuple[PickRequest, ...]
    ordinal: int | None


def read_pick(text: str, visitor_tz: ZoneInfo) -> PickReading:
    """Read the requests and any ordinal in `text`; a time without a named zone is in `visitor_tz`."""
    normal = _normalise(text)
    ordinal, normal = _take_ordinal(normal)
    days, day_parts, normal = _take_days(normal)
    parts, todays, normal = _take_parts(normal)
    days += todays
    times, normal = _take_times(normal, days)
    parts += day_parts + _take_meridiem_parts(normal)
    return PickReading(tuple(_requests(days, parts, times, visitor_tz)), ordinal)


@dataclass(frozen=True)
class DayWord:
    """A day the visitor named: a weekday (0 = Monday) or an offset from today ("tomorrow" = 1)."""

    start: int
    end: int
    weekday: int | None = None
    offset: int | None = None
    after_today: bool = False
    part: Part | None = None


@dataclass(frozen=True)
class _PartOfDay:
    start: int
    end: int
    part: Part


@dataclass(frozen=True)
class _Time:
    start: int
    end: int
    hour: int
    minute: int
    meridiem: Literal["am", "pm"] | None
    # Written unambiguously in 24-hour form ("08:00", "14:30", "noon"): no am/pm guessing.
    literal: bool
    zone: ZoneInfo | None


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first so "thursday" wins over "thu"."""
    return "|".join(
        r"\s+".join(re.escape(part) for part in word.split()) for word in sorted(words, key=len, reverse=True)
    )


_EMAIL_OR_URL = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")
_ACCEPT = _alt(ACCEPT_WORDS)

_ORDINAL_NOUN = re.compile(rf"\b(?P<word>{_alt(ORDINAL_WORDS)})\s+(?:{_alt(ORDINAL_NOUNS)})\b")
_ORDINAL_NUMBER = re.compile(r"(?:\b(?:option|choice|slot|number|opcion|opcao)\s*|#\s*)(?P<number>[1-9])\b")
_ORDINAL_ARTICLE = re.compile(
    rf"\b(?:{_alt(ORDINAL_ARTICLES)})\s+(?P<word>{_alt(set(ORDINAL_WORDS) - ORDINALS_NEEDING_NOUN)})\b"
    rf"(?=\s*(?:$|[^\w\s]|(?:{_ACCEPT})\b))"
)

_DAY = re.compile(
    rf"\b(?:(?P<next>{_alt(NEXT_BEFORE)})\s+)?(?P<word>{_alt([*WEEKDAY_WORDS, *RELATIVE_DAY_WORDS])})"
    rf"(?:-feira|\s+feira)?(?:\s+(?P<next_after>{_alt(NEXT_AFTER)}))?(?![\w'])"
)
_WEEKDAY_OR_LA_BEFORE = re.compile(rf"\b(?:{_alt(WEEKDAY_WORDS)}|la)\s+$")
_PART = re.compile(rf"\b(?:(?P<this>{_alt(THIS_WORDS)})\s+)?(?P<word>{_alt(PART_WORDS)})\b")
_MERIDIEM_PART = re.compile(rf"\b(?P<word>{_alt(MERIDIEM_PARTS)})\b")

_CLOCK = re.compile(
    r"(?<![\w$€£.:/+#-])"
    r"(?P<hour>\d{1,2})"
    r"(?:(?P<sep>[:.h])(?P<minute>\d{2}))?"
    r"(?P<suffix>\s*(?:h|uhr|heures?)\b)?"
    r"(?:\s*(?P<meridiem>[ap])\.?m\b\.?)?"
    r"(?![\w%/])"
)
_NOON = re.compile(rf"\b(?:{_alt(NOON_WORDS)})\b")
_ZONE_AFTER = re.compile(rf"\s*\(?\s*(?:in\s+)?(?P<zone>{_alt(ZONE_WORDS)})\b(?:\s+time\b)?\)?")
_ENGLISH_NEXT = re.compile(rf"\s*(?:$|[^\w\s]|(?:{_alt(ENGLISH_AFTER_ZONE)})\b)")
_GAP_AFTER_DAY = re.compile(rf"\s*,?\s*(?:(?:{_alt(AT_WORDS)})\s*)?")
_AT_BEFORE = re.compile(rf"(?:^|[^\w@])(?:{_alt(AT_WORDS)})\s*$")
_OR_BETWEEN = re.compile(r"\s*(?:,|or|ou|o|oder)\s*")
_ACCEPT_AFTER = re.compile(rf"\s*(?:(?:{_ACCEPT})\b|[!👍👌✅🙏])")
_WORDS = re.compile(r"[\w']+")


def _normalise(text: str) -> str:
    """Lower case without accents, emails and links blanked (their digits are not times)."""
    text = _EMAIL_OR_URL.sub(" ", text.lower().replace("\u2019", "'"))
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _mask(text: str, start: int, end: int) -> str:
    # Blanking keeps every later position valid, so mentions can be compared by distance.
    return text[:start] + " " * (end - start) + text[end:]


def _take_ordinal(text: str) -> tuple[int | None, str]:
    found: int | None = None
    for pattern in (_ORDINAL_NUMBER, _ORDINAL_NOUN, _ORDINAL_ARTICLE):
        for m in pattern.finditer(text):
            if found is None:
                found = int(m["number"]) - 1 if "number" in m.groupdict() else ORDINAL_WORDS[m["word"]]
            text = _mask(text, m.start(), m.end())
    if found is None:
        rest = [w for w in _WORDS.findall(text) if w not in FILLER_WORDS and w not in ACCEPT_WORDS]
        if len(rest) == 1 and rest[0] in ORDINAL_WORDS and rest[0] not in ORDINALS_NEEDING_NOUN:
            found = ORDINAL_WORDS[rest[0]]
            text = " " * len(text)
    return found, text


def _take_days(text: str) -> tuple[list[DayWord], list[_PartOfDay], str]:
    days: list[DayWord] = []
    parts: list[_PartOfDay] = []
    for m in _DAY.finditer(text):
        word = m["word"]
        if word in MORNING_WHEN_QUALIFIED and _WEEKDAY_OR_LA_BEFORE.search(text[: m.start()]):
            parts.append(_PartOfDay(m.start(), m.end(), "morning"))
        elif word in WEEKDAY_WORDS:
            after_today = bool(m["next"] or m["next_after"])
            days.append(DayWord(m.start(), m.end(), weekday=WEEKDAY_WORDS[word], after_today=after_today))
        else:
            days.append(
                DayWord(
                    m.start(), m.end(), offset=RELATIVE_DAY_WORDS[word], part=RELATIVE_DAY_PARTS.get(word)
                )
            )
    spans: list[DayWord | _PartOfDay] = [*days, *parts]
    for item in spans:
        text = _mask(text, item.start, item.end)
    return days, parts, text


def _take_parts(text: str) -> tuple[list[_PartOfDay], list[DayWord], str]:
    """Parts of the day, and the day "this afternoon" / "ce soir" implies (today)."""
    parts: list[_PartOfDay] = []
    todays: list[DayWord] = []
    for m in _PART.finditer(text):
        parts.append(_PartOfDay(m.start(), m.end(), PART_WORDS[m["word"]]))
        if m["this"]:
            todays.append(DayWord(m.start(), m.end(), offset=0))
        text = _mask(text, m.start(), m.end())
    return parts, todays, text


def _take_meridiem_parts(text: str) -> list[_PartOfDay]:
    return [_PartOfDay(m.start(), m.end(), MERIDIEM_PARTS[m["word"]]) for m in _MERIDIEM_PART.finditer(text)]


def _take_times(text: str, days: Sequence[DayWord]) -> tuple[list[_Time], str]:
    times: list[_Time] = []
    for m in _CLOCK.finditer(text):
        hour, minute = int(m["hour"]), int(m["minute"] or 0)
        meridiem: Literal["am", "pm"] | None = None
        if m["meridiem"]:
            meridiem = "am" if m["meridiem"] == "a" else "pm"
        if minute > 59 or hour > 23 or (meridiem and not 1 <= hour <= 12):
            continue
        zone_match = _zone_after(text, m.end())
        strong = bool(meridiem or m["suffix"] or m["sep"] in (":", "h"))
        previous_end = times[-1].end if times else None
        if not (strong or zone_match or _number_is_time(text, m, days, previous_end)):
            continue
        literal = hour == 0 or hour >= 12 or m["hour"].startswith("0")
        times.append(_time(m, zone_match, hour, minute, meridiem, literal))
    for m in _NOON.finditer(text):
        times.append(_time(m, _zone_after(text, m.end()), 12, 0, None, True))
    for t in times:
        text = _mask(text, t.start, t.end)
    return sorted(times, key=lambda t: t.start), text


def _time(
    m: re.Match[str],
    zone_match: re.Match[str] | None,
    hour: int,
    minute: int,
    meridiem: Literal["am", "pm"] | None,
    literal: bool,
) -> _Time:
    if zone_match is None:
        return _Time(m.start(), m.end(), hour, minute, meridiem, literal, None)
    key = ZONE_WORDS[_canonical_zone_word(zone_match["zone"])]
    return _Time(m.start(), zone_match.end(), hour, minute, meridiem, literal, ZoneInfo(key) if key else None)


def _canonical_zone_word(matched: str) -> str:
    return " ".join(matched.split())


def _zone_after(text: str, pos: int) -> re.Match[str] | None:
    m = _ZONE_AFTER.match(text, pos)
    if m is None:
        return None
    if _canonical_zone_word(m["zone"]) in AMBIGUOUS_ZONE_WORDS and not _ENGLISH_NEXT.match(text, m.end()):
        return None
    return m


def _number_is_time(text: str, m: re.Match[str], days: Sequence[DayWord], previous_end: int | None) -> bool:
    """Whether a bare number such as "10" reads as a time in its context.

    `previous_end` is where the time before it ends, so "thursday at 2 or 3" reads two times.
    """
    for day in days:
        if day.end <= m.start() and _GAP_AFTER_DAY.fullmatch(text, day.end, m.start()):
            return True
        if day.start >= m.end() and not text[m.end() : day.start].strip():
            return True
    before = text[: m.start()]
    if previous_end is not None and _OR_BETWEEN.fullmatch(text, previous_end, m.start()):
        return True
    if _AT_BEFORE.search(before) or _ACCEPT_AFTER.match(text, m.end()):
        return True
    rest = _WORDS.findall(before + " " + text[m.end() :])
    return all(word in FILLER_WORDS for word in rest)


def _gap(a: DayWord | _PartOfDay | _Time, b: DayWord | _PartOfDay | _Time) -> int:
    return max(a.start - b.end, b.start - a.end, 0)


def _nearest_day(item: _PartOfDay | _Time, days: Sequence[DayWord]) -> DayWord | None:
    # On a tie the day written first wins ("wed 2:30 or thu 10": "2:30" is nearer "wed").
    return min(days, key=lambda d: (_gap(item, d), d.start), default=None)


def _requests(
    days: Sequence[DayWord], parts: Sequence[_PartOfDay], times: Sequence[_Time], visitor_tz: ZoneInfo
) -> list[PickRequest]:
    if times:
        requests = []
        for t in times:
            day = _nearest_day(t, days)
            near = [p for p in parts if _gap(t, p) <= _PART_HINT_CHARS]
            hint = min(near, key=lambda p: _gap(t, p)).part if near else (day.part if day else None)
            requests.append(PickRequest(day, None, (_hour24(t, hint), t.minute), t.zone or visitor_tz))
        return requests
    requests = []
    paired: set[DayWord] = set()
    for p in parts:
        day = _nearest_day(p, days)
        if day is not None:
            paired.add(day)
        requests.append(PickRequest(day, p.part, None, visitor_tz))
    requests += [PickRequest(d, d.part, None, visitor_tz) for d in days if d not in paired]
    return requests


def _hour24(t: _Time, hint: Part | None) -> int:
    if t.meridiem == "am":
        return 0 if t.hour == 12 else t.hour
    if t.meridiem == "pm":
        return t.hour if t.hour == 12 else t.hour + 12
    if t.literal:
        return t.hour
    if hint == "morning":
        return t.hour
    if hint is not None:
        return t.hour + 12
    return t.hour + 12 if t.hour <= 7 else t.hour

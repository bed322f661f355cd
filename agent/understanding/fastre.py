"""Regexes behind an automatic literal prefilter.

Python's `re` has no literal-set acceleration for an alternation of words behind `\\b`
(`\\bffs\\b|\\bwtf\\b|\\bdamn\\w*|...`): it tries every alternative at every position, which costs
tens of microseconds per message for the wide cue patterns. Almost every such pattern can only
match where one of a few literal strings occurs ("ffs", "wtf", "damn", ...), and a substring test
for those rejects most messages in about a microsecond.

`compile()` reads the pattern's parse tree and derives such a set: strings of which at least one
must occur in any text the pattern matches. The derivation only uses facts that hold for every
match (literal runs, alternations where every branch contributes, repeats of at least one), so
the prefilter never changes a result; `tests/understanding/test_fastre.py` checks this against
plain `re` on every pattern of the package and on generated strings. A pattern without a useful
set (one that can match without any literal, or only on very common ones) or anchored at the start
(tried at one position only, so already cheap) stays a plain `re.Pattern`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]
from typing import Any

# Literal sets larger than this cost more to test than they save.
_MAX_LITERALS = 80
_ZERO_WIDTH = {C.AT, C.ASSERT, C.ASSERT_NOT}
_ATOMIC = getattr(C, "ATOMIC_GROUP", None)
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)}


def _score(lits: frozenset[str]) -> tuple[int, int, int]:
    """Higher is more selective: a shortest literal of 4+ characters, then fewer literals, then
    longer ones ("done " is rarer than "i'm ")."""
    shortest = min(len(s) for s in lits)
    return (min(shortest, 4), -len(lits), shortest)


def _best(cands: list[frozenset[str]]) -> frozenset[str] | None:
    return max(cands, key=_score) if cands else None


def _head(items: Any) -> str:
    """The literal run a sequence starts with (zero-width assertions skipped)."""
    head: list[str] = []
    for op, av in items:
        if op is C.LITERAL:
            head.append(chr(av))
        elif op not in _ZERO_WIDTH:
            break
    return "".join(head)


def _required(items: Any) -> frozenset[str] | None:
    """A set of strings one of which occurs in every match of the sequence `items`, or None."""
    cands: list[frozenset[str]] = []
    run: list[str] = []

    def close() -> None:
        if run:
            cands.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in items:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        if op in _ZERO_WIDTH:
            # Zero-width: the literals on either side are adjacent in the text.
            continue
        prefix = "".join(run)
        close()
        sub: frozenset[str] | None = None
        # A literal run followed by a choice: "c" + (an|ould) gives {"can", "could"}.
        if prefix and op is C.BRANCH:
            cands.append(frozenset(prefix + _head(b.data) for b in av[1]))
        elif prefix and op is C.IN and all(o is C.LITERAL for o, _ in av) and len(av) <= 8:
            cands.append(frozenset(prefix + chr(c) for _, c in av))
        if op is C.SUBPATTERN:
            _group, add_flags, _del_flags, pat = av
            if not add_flags & re.IGNORECASE:
                sub = _required(pat.data)
        elif op is _ATOMIC:
            sub = _required(av.data)
        elif op is C.BRANCH:
            parts = [_required(b.data) for b in av[1]]
            if all(p is not None for p in parts):
                sub = frozenset().union(*(p for p in parts if p is not None))
        elif op in _REPEATS:
            lo, _hi, item = av
            if lo >= 1:
                sub = _required(item.data)
        elif op is C.IN and all(o is C.LITERAL for o, _ in av) and len(av) <= 8:
            sub = frozenset(chr(c) for _, c in av)
        if sub:
            cands.append(sub)
    close()
    return _best(cands)


def _minimal(lits: frozenset[str]) -> tuple[str, ...]:
    """Drop literals that contain another one: "fed up" is implied by "fed"."""
    ordered = sorted(lits, key=len)
    kept: list[str] = []
    for lit in ordered:
        if not any(k in lit for k in kept):
            kept.append(lit)
    return tuple(kept)


def _useful(lits: tuple[str, ...]) -> bool:
    if not lits or len(lits) > _MAX_LITERALS:
        return False
    # A single ordinary character ("a", " ", ",") occurs in nearly every message.
    return all(len(s) >= 2 or not (s.isascii() and (s.isalnum() or s.isspace() or s in ",.'-")) for s in lits)


def literal_set(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """Strings one of which occurs in any string `pattern` matches, or None when the parse tree
    gives no such set. Case-insensitive patterns get none: the prefilter compares exact text."""
    if flags & re.IGNORECASE:
        return None
    try:
        tree = P.parse(pattern, flags)
    except re.error:
        return None
    if tree.state.flags & re.IGNORECASE:
        return None
    lits = _required(tree.data)
    return _minimal(lits) if lits is not None else None


def _anchored(pattern: str, flags: int) -> bool:
    """A pattern that starts with `^` or `\\A` is tried at one position only: already cheap."""
    tree = P.parse(pattern, flags)
    if tree.state.flags & re.MULTILINE:
        return False
    data = tree.data
    return bool(data) and data[0][0] is C.AT and data[0][1] in (C.AT_BEGINNING, C.AT_BEGINNING_STRING)


def required_literals(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """`literal_set` when it is worth testing before the regex runs, else None."""
    lits = literal_set(pattern, flags)
    if lits is None or not _useful(lits) or _anchored(pattern, flags):
        return None
    return lits


def _checker(lits: tuple[str, ...]) -> Callable[[str], bool]:
    if len(lits) == 1:
        lit = lits[0]
        return lambda s: lit in s
    if len(lits) <= 12:
        return lambda s: any(map(s.__contains__, lits))
    search = _trie_regex(lits).search
    return lambda s: search(s) is not None


def _trie_regex(lits: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for "any of these strings", shaped as a trie ("d(?:amn|one)" rather than
    "damn|done"): sre skips positions whose character starts no literal, and at the others tries
    one branch per next character instead of every literal."""
    trie: dict[str, Any] = {}
    for lit in lits:
        node = trie
        for ch in lit:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # A literal ending here: any match may stop, so what follows is optional.
        return f"(?:{body})?" if "" in node else body

    return re.compile(build(trie))


class Prefiltered:
    """A compiled pattern that returns "no match" at once when none of its required literals
    occurs in the text. Same methods and results as `re.Pattern` for the calls the package uses."""

    __slots__ = ("_last_iter", "_last_search", "_may", "_re", "literals")

    def __init__(self, compiled: re.Pattern[str], literals: tuple[str, ...]) -> None:
        self._re = compiled
        self.literals = literals
        self._may = _checker(literals)
        # The detectors ask the same pattern about the same text more than once per message (a
        # cue that is both an intent and a flag): the last whole-text answer is kept, keyed by the
        # text object itself. Matches are immutable, and the pair is replaced in one assignment.
        self._last_search: tuple[str, re.Match[str] | None] | None = None
        self._last_iter: tuple[str, tuple[re.Match[str], ...]] | None = None

    @property
    def pattern(self) -> str:
        return self._re.pattern

    @property
    def flags(self) -> int:
        return self._re.flags

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if pos or endpos != sys.maxsize:
            return self._re.search(string, pos, endpos) if self._may(string) else None
        last = self._last_search
        if last is not None and last[0] is string:
            return last[1]
        found = self._re.search(string) if self._may(string) else None
        self._last_search = (string, found)
        return found

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self._re.match(string, pos, endpos) if self._may(string) else None

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self._re.fullmatch(string, pos, endpos) if self._may(string) else None

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        if pos or endpos != sys.maxsize:
            return self._re.finditer(string, pos, endpos) if self._may(string) else iter(())
        last = self._last_iter
        if last is not None and last[0] is string:
            return iter(last[1])
        found = tuple(self._re.finditer(string)) if self._may(string) else ()
        self._last_iter = (string, found)
        return iter(found)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self._re.findall(string, pos, endpos) if self._may(string) else []

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return self._re.sub(repl, string, count) if self._may(string) else string

    def __repr__(self) -> str:
        return f"Prefiltered({self._re!r}, literals={len(self.literals)})"


Regex = re.Pattern[str] | Prefiltered


def compile(pattern: str, flags: int = 0) -> Regex:
    compiled = re.compile(pattern, flags)
    lits = required_literals(pattern, flags)
    return Prefiltered(compiled, lits) if lits else compiled


__all__ = ["Prefiltered", "Regex", "compile", "literal_set", "required_literals"]

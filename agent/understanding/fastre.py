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

The package's patterns share one `LiteralIndex`: an Aho-Corasick automaton over all their literals
(about 1,800). One pass over a text, a few microseconds, tells every pattern at once whether one of
its literals occurs; the answer is kept per text, so the 150-odd pattern calls a message makes cost
a dictionary lookup and a bit test each instead of one substring search per literal. Patterns
built at run time (a company's customer names) use `index=None` and test their own literals.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Callable, Iterator
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]
from typing import Any

import ahocorasick  # type: ignore[import-not-found]

# Literal sets larger than this cost more to test one by one than they save. In a `LiteralIndex`
# the test costs the same for any number of literals.
_MAX_LITERALS = 80
_MAX_INDEXED_LITERALS = 400
# Texts whose index answer is kept (a message's own text, sentences and clauses: about 15).
_KEPT_TEXTS = 512
# Compiled sub-alternations kept per split pattern (texts usually bring one or two alternatives);
# past this many, texts with a new combination run the whole pattern.
_KEPT_SUBSETS = 128
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


def _useful(lits: tuple[str, ...], limit: int = _MAX_LITERALS) -> bool:
    if not lits or len(lits) > limit:
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


def required_literals(pattern: str, flags: int = 0, limit: int = _MAX_LITERALS) -> tuple[str, ...] | None:
    """`literal_set` when it is worth testing before the regex runs, else None."""
    lits = literal_set(pattern, flags)
    if lits is None or not _useful(lits, limit) or _anchored(pattern, flags):
        return None
    return lits


class LiteralIndex:
    """The literals of many patterns in one Aho-Corasick automaton. `mask(text)` has the bit of
    every pattern one of whose literals occurs in the text (overlapping occurrences included), so
    one pass over a text answers all the patterns' prefilters.

    Thread-safe: the automaton and the answers kept for it are published together in one
    assignment, and registering a pattern drops both (the next `mask` rebuilds), so an answer
    computed without a pattern's literals is never read for that pattern."""

    def __init__(self, kept: int = _KEPT_TEXTS) -> None:
        self._lock = threading.Lock()
        self._bits: dict[str, int] = {}
        self._count = 0
        self._kept = kept
        self._state: tuple[Any, dict[str, int]] | None = None

    def __len__(self) -> int:
        return self._count

    def add(self, literals: tuple[str, ...]) -> int:
        """Register a pattern's literals; returns the pattern's bit."""
        with self._lock:
            bit = 1 << self._count
            self._count += 1
            for lit in literals:
                self._bits[lit] = self._bits.get(lit, 0) | bit
            self._state = None
        return bit

    def _build(self) -> tuple[Any, dict[str, int]]:
        with self._lock:
            state = self._state
            if state is None:
                automaton = ahocorasick.Automaton()
                for lit, bits in self._bits.items():
                    automaton.add_word(lit, bits)
                automaton.make_automaton()
                state = self._state = (automaton, {})
            return state

    def mask(self, text: str) -> int:
        state = self._state or self._build()
        kept = state[1]
        found = kept.get(text)
        if found is None:
            found = 0
            for _end, bits in state[0].iter(text):
                found |= bits
            if len(kept) >= self._kept:
                kept.clear()
            kept[text] = found
        return found

    def selector(self, compiled: re.Pattern[str], bit: int) -> Callable[[str], re.Pattern[str] | None]:
        """The regex to run on a text: `compiled` when one of the pattern's literals occurs."""

        mask = self.mask

        def select(text: str) -> re.Pattern[str] | None:
            return compiled if mask(text) & bit else None

        return select

    def alternatives_selector(
        self, compiled: re.Pattern[str], alternatives: list[tuple[str, tuple[str, ...] | None]]
    ) -> Callable[[str], re.Pattern[str] | None]:
        """For a top-level alternation: the regex of only those alternatives that can match the
        text (their literals occur, or they have none), in their original order. Alternatives that
        cannot match anywhere never decide a leftmost-first match, so the result is the same as
        the whole pattern's; the alternation `re` tries at every position gets shorter."""
        parts = [(alt, self.add(lits) if lits else 0) for alt, lits in alternatives]
        bits = 0
        for _alt, bit in parts:
            bits |= bit
        always = any(bit == 0 for _alt, bit in parts)
        chosen: dict[int, re.Pattern[str]] = {bits: compiled}
        flags = compiled.flags

        mask = self.mask

        def select(text: str) -> re.Pattern[str] | None:
            present = mask(text) & bits
            if not present and not always:
                return None
            regex = chosen.get(present)
            if regex is None:
                if len(chosen) >= _KEPT_SUBSETS:
                    return compiled  # the whole pattern: same result, no compile per call
                regex = re.compile("|".join(alt for alt, bit in parts if not bit or bit & present), flags)
                chosen[present] = regex
            return regex

        return select


# The understanding package's patterns (compiled at import) share this index.
INDEX = LiteralIndex()


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


def top_level_alternatives(pattern: str) -> list[str] | None:
    """The pattern's top-level `|` alternatives as source text, or None when it has only one.
    Escapes, character classes and groups are skipped, so `[|]`, `\\|` and `(a|b)` do not split."""
    parts: list[str] = []
    depth = start = i = 0
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":  # a "]" first in a class is a literal
                i += 1
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts if len(parts) > 1 else None


def _split(
    pattern: str, compiled: re.Pattern[str], limit: int
) -> list[tuple[str, tuple[str, ...] | None]] | None:
    """Each top-level alternative with its useful literal set (None: it can match without one),
    when the pattern can be run as any subset of its alternatives: no groups (their numbers would
    shift) and no global inline flags (they sit in the first alternative)."""
    if compiled.groups or compiled.flags != re.UNICODE:
        return None
    alts = top_level_alternatives(pattern)
    if alts is None:
        return None
    out: list[tuple[str, tuple[str, ...] | None]] = []
    for alt in alts:
        try:
            re.compile(alt)
        except re.error:
            return None
        lits = literal_set(alt)
        out.append((alt, lits if lits is not None and _useful(lits, limit) else None))
    return out if any(lits for _alt, lits in out) else None


class Prefiltered:
    """A compiled pattern that returns "no match" at once when none of its required literals
    occurs in the text, and runs only the alternatives of a top-level alternation that can match.
    Same methods and results as `re.Pattern` for the calls the package uses."""

    __slots__ = ("_last_iter", "_last_search", "_re", "_select", "literals")

    def __init__(
        self,
        compiled: re.Pattern[str],
        literals: tuple[str, ...],
        index: LiteralIndex | None = None,
        alternatives: list[tuple[str, tuple[str, ...] | None]] | None = None,
    ) -> None:
        self._re = compiled
        self.literals = literals
        self._select: Callable[[str], re.Pattern[str] | None]
        if index is None:
            check = _checker(literals)
            self._select = lambda s: compiled if check(s) else None
        elif alternatives is not None:
            self._select = index.alternatives_selector(compiled, alternatives)
        else:
            self._select = index.selector(compiled, index.add(literals))
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
            regex = self._select(string)
            return regex.search(string, pos, endpos) if regex is not None else None
        last = self._last_search
        if last is not None and last[0] is string:
            return last[1]
        regex = self._select(string)
        found = regex.search(string) if regex is not None else None
        self._last_search = (string, found)
        return found

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        regex = self._select(string)
        return regex.match(string, pos, endpos) if regex is not None else None

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        regex = self._select(string)
        return regex.fullmatch(string, pos, endpos) if regex is not None else None

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        if pos or endpos != sys.maxsize:
            regex = self._select(string)
            return regex.finditer(string, pos, endpos) if regex is not None else iter(())
        last = self._last_iter
        if last is not None and last[0] is string:
            return iter(last[1])
        regex = self._select(string)
        found = tuple(regex.finditer(string)) if regex is not None else ()
        self._last_iter = (string, found)
        return iter(found)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        regex = self._select(string)
        return regex.findall(string, pos, endpos) if regex is not None else []

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        regex = self._select(string)
        return regex.sub(repl, string, count) if regex is not None else string

    def __repr__(self) -> str:
        return f"Prefiltered({self._re!r}, literals={len(self.literals)})"


Regex = re.Pattern[str] | Prefiltered


def compile(pattern: str, flags: int = 0, index: LiteralIndex | None = INDEX) -> Regex:
    """`re.compile`, behind a literal prefilter when the pattern has a useful literal set. With an
    index (the package's shared one by default) the prefilter is the index's answer for the text,
    and a top-level alternation runs only its alternatives whose literals occur; with
    `index=None` the pattern tests its own literals."""
    compiled = re.compile(pattern, flags)
    if index is None:
        lits = required_literals(pattern, flags)
        return Prefiltered(compiled, lits) if lits else compiled
    alternatives = _split(pattern, compiled, _MAX_INDEXED_LITERALS)
    if alternatives is not None:
        # One of these occurs in every match, unless an alternative can match without a literal.
        every = all(lits for _alt, lits in alternatives)
        union = (
            tuple(dict.fromkeys(lit for _alt, lits in alternatives for lit in lits or ())) if every else ()
        )
        return Prefiltered(compiled, union, index, alternatives)
    lits = required_literals(pattern, flags, _MAX_INDEXED_LITERALS)
    return Prefiltered(compiled, lits, index) if lits else compiled


__all__ = [
    "INDEX",
    "LiteralIndex",
    "Prefiltered",
    "Regex",
    "compile",
    "literal_set",
    "required_literals",
    "top_level_alternatives",
]

"""The literal prefilter in front of the cue regexes never changes a result."""

from __future__ import annotations

import importlib
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.understanding import cues, fastre
from agent.understanding.text import normalise
from evals.transcripts import load_conversations

ROOT = Path(__file__).resolve().parents[2]
MODULES = ("cues", "detectors", "engine", "expect", "lexicon", "numbers", "slots", "text")


def _walk(obj: object) -> Iterator[fastre.Prefiltered]:
    if isinstance(obj, fastre.Prefiltered):
        yield obj
    elif isinstance(obj, cues.Cue) and isinstance(obj.pattern, fastre.Prefiltered):
        yield obj.pattern
    elif isinstance(obj, (tuple, list)):
        for item in obj:
            yield from _walk(item)


def package_patterns() -> list[fastre.Prefiltered]:
    seen: dict[int, fastre.Prefiltered] = {}
    for name in MODULES:
        mod = importlib.import_module(f"agent.understanding.{name}")
        for value in vars(mod).values():
            for p in _walk(value):
                seen[id(p)] = p
    return list(seen.values())


def corpus() -> list[str]:
    texts: list[str] = []
    for path in sorted((ROOT / "evals" / "datasets").glob("*.jsonl")):
        if path.name == "personas.jsonl":
            continue
        for conv in load_conversations(path):
            for turn in conv.turns:
                texts.append(turn.text)
                if turn.role == "visitor":
                    texts.append(normalise(turn.text, frozenset()).norm)
    return texts


def spans(it: Iterator[re.Match[str]]) -> list[tuple[int, int]]:
    return [m.span() for m in it]


def test_the_wide_cue_patterns_are_prefiltered() -> None:
    prefiltered = package_patterns()
    # Frustration, social proof, commercial and role/industry lexicons are the costly ones.
    assert len(prefiltered) >= 100
    assert isinstance(cues.FRUSTRATION, fastre.Prefiltered)
    assert "ffs" in cues.FRUSTRATION.literals


def test_prefilter_gives_the_same_matches_as_re_on_every_package_pattern() -> None:
    texts = corpus()
    assert len(texts) > 1000
    checked = 0
    for p in package_patterns():
        plain = re.compile(p.pattern, p.flags)
        for text in texts:
            got, want = p.search(text), plain.search(text)
            assert (got and got.span()) == (want and want.span()), (p.pattern[:80], text)
            if want is not None:
                checked += 1
                assert spans(p.finditer(text)) == spans(plain.finditer(text))
                assert p.sub("#", text) == plain.sub("#", text)
    # The comparison ran on real matches, not only on rejected texts.
    assert checked > 1000


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bffs\b|\bwtf\b", {"ffs", "wtf"}),
        (r"\bfed up\b", {"fed up"}),
        (r"(?:big )?deal", {"deal"}),
        (r"\btried (?:\d+|several) times\b", {"tried "}),
        (r"(?:ab)+c?", {"ab"}),
        (r"fo(?=o)o", {"foo"}),
        (r"[😤😡]|\bugh\b", {"😤", "😡", "ugh"}),
        (r"\bfed\b|\bfed up\b", {"fed"}),
    ],
)
def test_literal_set_of_a_pattern(pattern: str, expected: set[str]) -> None:
    assert set(fastre.literal_set(pattern) or ()) == expected


@pytest.mark.parametrize(
    "pattern",
    [
        r"\bfoo\b|\d+",  # one branch needs no literal
        r"(?:foo)?\w+",  # an optional literal is not required
        r"(?i)hello",  # case-insensitive: exact substrings would miss "Hello"
        r"[^x]+",
        r"(?:a|)b?",
    ],
)
def test_no_literal_set_when_a_match_needs_none(pattern: str) -> None:
    assert fastre.literal_set(pattern) is None
    assert isinstance(fastre.compile(pattern), re.Pattern)


def test_common_single_characters_are_not_worth_a_prefilter() -> None:
    assert fastre.literal_set(r"a\w+") == ("a",)
    assert fastre.required_literals(r"a\w+") is None
    assert isinstance(fastre.compile(r"\bnot\b|,"), re.Pattern)


def _random_pattern(rng: random.Random, depth: int = 0) -> str:
    atoms = ["a", "b", "ab", "ba", " ", r"\b", r"\w", r"\d", "[ab]", "[^a]", ".", "(?=a)", "(?!b)", "(?<=a)"]
    parts = []
    for _ in range(rng.randint(1, 4)):
        kind = rng.random()
        if kind < 0.5 or depth >= 2:
            atom = rng.choice(atoms)
        elif kind < 0.8:
            atom = "(?:" + "|".join(_random_pattern(rng, depth + 1) for _ in range(rng.randint(1, 3))) + ")"
        else:
            atom = "(" + _random_pattern(rng, depth + 1) + ")"
        if rng.random() < 0.3 and not atom.startswith(("\\b", "(?=", "(?!", "(?<")):
            atom += rng.choice(["?", "*", "+", "{1,2}", "{0,2}", "+?"])
        parts.append(atom)
    return "".join(parts)


def test_literal_set_holds_for_random_patterns_and_texts() -> None:
    """Soundness: whenever a random pattern matches a random text, one of its literals is in it."""
    rng = random.Random(20261122)
    derived = 0
    for _ in range(3000):
        pattern = _random_pattern(rng)
        try:
            compiled = re.compile(pattern)
        except re.error:
            continue
        lits = fastre.literal_set(pattern)
        if lits is None:
            continue
        derived += 1
        for _ in range(20):
            text = "".join(rng.choice("ab 1") for _ in range(rng.randint(0, 8)))
            if compiled.search(text):
                assert any(lit in text for lit in lits), (pattern, text, lits)
    assert derived > 500


def test_anchored_patterns_are_left_to_re() -> None:
    # Tried at one position only, they are cheaper than any prefilter.
    assert fastre.required_literals(r"^(?:so |and )?(?:can|could)\b") is None
    assert fastre.required_literals(r"(?m)^(?:can|could)\b") == ("can", "could")


def test_the_last_answer_is_reused_only_for_the_same_text_object() -> None:
    p = fastre.compile(r"\bffs\b|\bwtf\b")
    assert isinstance(p, fastre.Prefiltered)
    text = "ugh ffs, again"
    first = p.search(text)
    assert first is not None and first.span() == (4, 7)
    assert p.search(text) is first  # same object: the kept answer
    assert p.search("all good") is None
    other = "".join(["wtf ", "is this"])  # equal content would not matter; identity does
    m = p.search(other)
    assert m is not None and m.group() == "wtf"
    assert p.search(text, 5) is None  # a start position bypasses the kept answer
    assert [x.span() for x in p.finditer(text)] == [(4, 7)]
    assert [x.span() for x in p.finditer(text)] == [(4, 7)]  # a fresh iterator each time


def test_the_literal_test_agrees_with_a_plain_substring_search() -> None:
    words = ("damn", "done", "deal", "fed up", "ffs", "a.b", "x|y", "ugh", "ug", "wtf")
    check = fastre._trie_regex(words)
    rng = random.Random(7)
    alphabet = "adefgmnoluhswtx|.by "
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert (check.search(text) is not None) == any(w in text for w in words), text

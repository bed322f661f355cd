"""The literal prefilter in front of the cue regexes never changes a result."""

from __future__ import annotations

import importlib
import random
import re
import threading
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
    assert isinstance(fastre.compile(pattern, index=None), re.Pattern)
    compiled = fastre.compile(pattern)
    # In the shared index an alternation may still be split, but it claims no required literal.
    assert isinstance(compiled, re.Pattern) or compiled.literals == ()


def test_common_single_characters_are_not_worth_a_prefilter() -> None:
    assert fastre.literal_set(r"a\w+") == ("a",)
    assert fastre.required_literals(r"a\w+") is None
    assert isinstance(fastre.compile(r"\bnot\b|,", index=None), re.Pattern)
    assert isinstance(fastre.compile(r"a\w+"), re.Pattern)


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


def test_the_index_answers_like_a_substring_search_for_every_pattern() -> None:
    """Overlapping and nested literals ("ab", "b", "abc", "bca") all count, wherever they sit."""
    rng = random.Random(11)
    sets = [("ab",), ("b", "ca"), ("abc",), ("bca", "cc"), ("é",), ("a b",), ("😤", "b😤")]
    index = fastre.LiteralIndex()
    bits = [index.add(s) for s in sets]
    assert len(index) == len(sets)
    for _ in range(3000):
        text = "".join(rng.choice("abcé😤 ") for _ in range(rng.randint(0, 10)))
        mask = index.mask(text)
        for lits, bit in zip(sets, bits, strict=True):
            assert bool(mask & bit) == any(lit in text for lit in lits), (text, lits)


def test_a_pattern_registered_after_a_text_was_scanned_still_sees_it() -> None:
    index = fastre.LiteralIndex()
    first = index.add(("ffs",))
    text = "ugh, this is a mess, ffs"
    assert index.mask(text) & first
    late = fastre.Prefiltered(re.compile(r"\bmess\b"), ("mess",), index)
    m = late.search(text)
    assert m is not None and m.group() == "mess"
    assert index.mask(text) & first


def test_the_index_keeps_a_bounded_number_of_answers() -> None:
    index = fastre.LiteralIndex(kept=8)
    bit = index.add(("zz",))
    for i in range(50):
        assert index.mask(f"text {i} zz") & bit
        assert not index.mask(f"text {i}") & bit
    state = index._state
    assert state is not None and len(state[1]) <= 8


def test_answers_stay_sound_while_other_threads_register_patterns() -> None:
    index = fastre.LiteralIndex(kept=16)
    words = [f"w{i}x" for i in range(200)]
    texts = [" ".join(random.Random(i).sample(words, 5)) for i in range(64)]
    registered: list[tuple[str, int]] = []
    errors: list[str] = []

    def reader() -> None:
        for round_no in range(40):
            for word, bit in list(registered):
                for text in texts[round_no % 8 :: 8]:
                    if bool(index.mask(text) & bit) != (word in text.split()):
                        errors.append(f"{word} in {text!r}")

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    for word in words:
        registered.append((word, index.add((word,))))
    for t in threads:
        t.join()
    assert not errors, errors[:5]


def test_run_time_patterns_test_their_own_literals() -> None:
    from agent.profile import demo_profile_path, load_profile
    from agent.understanding.engine import RulesEngine

    before = len(fastre.INDEX)
    engine = RulesEngine(load_profile(demo_profile_path()))
    assert len(fastre.INDEX) == before  # a profile's names do not grow the shared index
    own = fastre.compile(r"\bacme\b|\bglobex\b", index=None)
    assert isinstance(own, fastre.Prefiltered)
    assert own.search("we use globex") is not None and own.search("nothing here") is None
    assert engine.name == "rules"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bffs\b|\bwtf\b", [r"\bffs\b", r"\bwtf\b"]),
        (r"a[|]b|c", ["a[|]b", "c"]),
        (r"a\|b|c", [r"a\|b", "c"]),
        (r"(?:a|b)c|d(e|f)", ["(?:a|b)c", "d(e|f)"]),
        (r"[]|]x|y", ["[]|]x", "y"]),
        (r"[^]|]x|y", ["[^]|]x", "y"]),
        (r"[\]|]x|y", [r"[\]|]x", "y"]),
        (r"a|", ["a", ""]),
        (r"(?:a|b)", None),
        (r"abc", None),
    ],
)
def test_top_level_alternatives_of_a_pattern(pattern: str, expected: list[str] | None) -> None:
    assert fastre.top_level_alternatives(pattern) == expected


def test_a_split_alternation_runs_only_the_alternatives_whose_literals_occur() -> None:
    index = fastre.LiteralIndex()
    p = fastre.compile(r"\bffs\b|\bwtf\b|\bdamn\w*|\d+ times", index=index)
    assert isinstance(p, fastre.Prefiltered)
    assert set(p.literals) == {"ffs", "wtf", "damn", " times"}
    chosen = p._select("oh damn, wtf")
    assert chosen is not None and chosen.pattern == r"\bwtf\b|\bdamn\w*"
    assert p._select("all good") is None
    m = p.search("oh damn, wtf")
    assert m is not None and m.group() == "damn"
    assert [x.group() for x in p.finditer("wtf... damnit, 3 times")] == ["wtf", "damnit", "3 times"]
    # An alternative without literals always runs; the pattern claims no required literal.
    q = fastre.compile(r"\bffs\b|\d+", index=index)
    assert isinstance(q, fastre.Prefiltered) and q.literals == ()
    only = q._select("call me at 5")
    assert only is not None and only.pattern == r"\d+"
    assert q.sub("#", "ffs 5") == "# #"


def test_patterns_with_groups_or_global_flags_are_not_split() -> None:
    index = fastre.LiteralIndex()
    grouped = fastre.compile(r"(ffs)|(wtf)", index=index)
    assert isinstance(grouped, fastre.Prefiltered)
    m = grouped.search("wtf")
    assert m is not None and m.group(2) == "wtf" and m.lastindex == 2
    assert grouped._select("wtf") is grouped._re
    verbose = fastre.compile(r"(?x) ffs | wtf", index=index)
    assert isinstance(verbose, re.Pattern) or verbose._select("wtf") is verbose._re


def test_split_alternations_match_like_re_on_random_patterns() -> None:
    rng = random.Random(5)
    index = fastre.LiteralIndex()
    split = 0
    for _ in range(600):
        # Without capturing groups: a pattern with groups is never split.
        alts = (re.sub(r"\((?!\?)", "(?:", _random_pattern(rng)) for _ in range(rng.randint(2, 5)))
        pattern = "|".join(alts)
        try:
            plain = re.compile(pattern)
        except re.error:
            continue
        p = fastre.compile(pattern, index=index)
        for _ in range(15):
            text = "".join(rng.choice("ab 1") for _ in range(rng.randint(0, 9)))
            if isinstance(p, fastre.Prefiltered):
                chosen = p._select(text)
                # The run used a shorter alternation than the whole pattern.
                split += chosen is not None and chosen is not p._re
            got, want = p.search(text), plain.search(text)
            assert (got and got.span()) == (want and want.span()), (pattern, text)
            assert spans(p.finditer(text)) == spans(plain.finditer(text)), (pattern, text)
            assert p.sub("#", text) == plain.sub("#", text), (pattern, text)
            got, want = p.match(text), plain.match(text)
            assert (got and got.span()) == (want and want.span()), (pattern, text)
            assert p.findall(text) == plain.findall(text), (pattern, text)
    assert split > 300


def test_past_the_kept_subsets_a_new_combination_runs_the_whole_pattern(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fastre, "_KEPT_SUBSETS", 4)  # the whole pattern's entry and three subsets
    index = fastre.LiteralIndex()
    words = ["alpha", "bravo", "charlie", "delta", "echo"]
    p = fastre.compile("|".join(rf"\b{w}\b" for w in words), index=index)
    assert isinstance(p, fastre.Prefiltered)
    texts = ["alpha", "bravo", "charlie", "delta echo", "echo alpha"]
    runs = [p._select(t) for t in texts]
    assert [r.pattern for r in runs[:3] if r is not None] == [r"\balpha\b", r"\bbravo\b", r"\bcharlie\b"]
    assert runs[3] is p._re and runs[4] is p._re  # no fourth subset is compiled
    plain = re.compile(p.pattern)
    for text in texts:
        assert spans(p.finditer(text)) == spans(plain.finditer(text))

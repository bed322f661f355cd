"""Normalisation keeps a map back to what the visitor typed."""

from __future__ import annotations

from agent.understanding.text import correct_typo, normalise


def test_abbreviations_expand_and_quotes_come_from_the_original() -> None:
    t = normalise("SFDC + snowflake, can u pull from all 3?")
    assert "salesforce" in t.norm and " you " in t.norm
    i = t.norm.index("salesforce")
    assert t.quote(i, i + len("salesforce")) == "SFDC"


def test_typos_of_domain_words_are_corrected() -> None:
    assert normalise("does it intergrate with salesfroce").norm == "does it integrate with salesforce"
    assert correct_typo("pricng") == "pricing"


def test_inflections_are_not_mistaken_for_typos() -> None:
    assert correct_typo("partners") == "partners"
    assert correct_typo("reports") == "reports"
    assert correct_typo("syncing") == "syncing"


def test_a_word_missing_a_keywords_first_letter_is_left_alone() -> None:
    # "a state agency" must not become "a estate agency" (a real-estate lead).
    assert normalise("we're a state agency").norm == "we're a state agency"
    assert correct_typo("esttae") == "estate"


def test_emails_and_links_become_placeholders() -> None:
    t = normalise("its theo@stackprobe.dev, see https://x.com/a")
    assert "stackprobe" not in t.norm and "§addr" in t.norm and "§link" in t.norm


def test_clock_times_stay_one_token() -> None:
    assert normalise("miércoles 16:30 👍").norm == "miércoles 16:30 👍"
    assert "2:30pm" in normalise("wed 2:30pm ok").norm

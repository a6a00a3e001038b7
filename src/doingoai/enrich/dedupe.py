"""Duplicate detection primitives: exact fingerprints and MinHash/LSH near-duplicates.

Two articles are *exact* duplicates when their match forms are equal: the text
normalised (NFC, zero-width characters gone), folded (tones, marks and case
removed, đ → d) and stripped of punctuation and whitespace. The fingerprint is
the SHA-256 of that form, so retyped spacing, old or new tone placement
(hoà/hòa) and decomposed Unicode do not make a new article.

Two articles are *near* duplicates when the Jaccard similarity of their sets
of shingles (folded word 5-grams) reaches :data:`NEAR_DUPLICATE_THRESHOLD`.
The store keeps, per article, one key per LSH band of its MinHash signature
(:func:`lsh_band_keys`); articles sharing a key are candidates, confirmed with
:func:`estimate_jaccard`. On the VNTC subset, word 5-grams separate the
re-published stories (Jaccard ≥ 0.60) from different stories on the same
event (≤ 0.18) more widely than word 3-grams or character 9-grams
(see docs/benchmarks.md, "Enrichment").

The signature depends only on the text, ``num_perm`` and :data:`MINHASH_SEED`,
never on the process: keys stored today match keys computed tomorrow.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

import numpy as np
from datasketch import MinHash

from doingoai.text import fold, normalize

__all__ = [
    "MINHASH_SEED",
    "NEAR_DUPLICATE_THRESHOLD",
    "NUM_BANDS",
    "NUM_PERM",
    "SHINGLE_WORDS",
    "estimate_jaccard",
    "fingerprint",
    "is_near_duplicate",
    "lsh_band_keys",
    "match_form",
    "minhash_signature",
    "shingles",
    "tokens",
]

#: Estimated Jaccard similarity from which two articles are near duplicates.
#: A 400-word story with one sentence rewritten and a byline added scores
#: about 0.85; a copy that is a third longer than the original scores about
#: 0.6; different reports of the same event on VNTC stay under 0.2.
NEAR_DUPLICATE_THRESHOLD = 0.5
#: Words per shingle.
SHINGLE_WORDS = 5
#: Permutations in a signature, and bands it is cut into (32 bands of 4 rows:
#: a pair at Jaccard 0.5 becomes a candidate with probability 0.87, at 0.6
#: with 0.99, at 0.2 with 0.05).
NUM_PERM = 128
NUM_BANDS = 32
#: Seed of datasketch's permutations; changing it invalidates stored band keys.
MINHASH_SEED = 1
_SCHEME = "affine32"

# One token per Han character or kana (those scripts do not separate words by
# spaces), otherwise runs of letters and digits.
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_]+")
_NOT_WORD = re.compile(r"[\W_]+")


def match_form(text: str) -> str:
    """The form exact duplicates are compared on: normalised, folded, no punctuation or spaces."""
    return _NOT_WORD.sub("", fold(normalize(text)))


def fingerprint(text: str) -> str:
    """SHA-256 (64 hex digits) of :func:`match_form`: equal for exact duplicates."""
    return hashlib.sha256(match_form(text).encode("utf-8")).hexdigest()


def tokens(text: str) -> list[str]:
    """The folded words of ``text`` (single characters for Chinese and Japanese)."""
    return _TOKEN.findall(fold(normalize(text)))


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The set of ``size``-word shingles of ``text``; a shorter text is one shingle."""
    words = tokens(text)
    if not words:
        return set()
    if len(words) <= size:
        return {" ".join(words)}
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def minhash_signature(text: str, num_perm: int = NUM_PERM) -> list[int]:
    """The MinHash signature of the shingles of ``text``: ``num_perm`` 32-bit integers.

    A text without a single word has no signature (an empty list): it is
    nobody's near duplicate.
    """
    return _signature(shingles(text), num_perm)


@cache
def _permutations(num_perm: int) -> Any:
    """datasketch's permutations for ``MINHASH_SEED``, drawn once (a MinHash
    made without them draws them again from the seed: 0.4 ms a document)."""
    permutations = MinHash(num_perm=num_perm, seed=MINHASH_SEED, scheme=_SCHEME).permutations
    permutations.setflags(write=False)  # shared by every signature
    return permutations


def _signature(items: Iterable[str], num_perm: int) -> list[int]:
    encoded = [s.encode("utf-8") for s in items]
    if not encoded:
        return []
    mh = MinHash(
        num_perm=num_perm,
        seed=MINHASH_SEED,
        scheme=_SCHEME,
        permutations=_permutations(num_perm),
    )
    mh.update_batch(encoded)
    return [int(v) for v in mh.hashvalues]


def lsh_band_keys(signature: Sequence[int], bands: int = NUM_BANDS) -> list[str]:
    """One key per band of ``signature``: ``"BB-"`` (band index) and 16 hex digits, 19 characters.

    Two signatures that agree on every row of a band share that band's key.
    ``len(signature)`` must be a multiple of ``bands``.
    """
    if not signature:
        return []
    if bands < 1 or len(signature) % bands:
        raise ValueError(
            f"a signature of {len(signature)} values cannot be cut into {bands} equal bands"
        )
    rows = len(signature) // bands
    values = np.asarray(signature, dtype="<u4")
    keys = []
    for band in range(bands):
        chunk = values[band * rows : (band + 1) * rows].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8).hexdigest()
        keys.append(f"{band:02d}-{digest}")
    return keys


def estimate_jaccard(sig_a: Sequence[int], sig_b: Sequence[int]) -> float:
    """The share of equal positions of two signatures: an estimate of their Jaccard similarity."""
    if not sig_a or not sig_b:
        return 0.0
    if len(sig_a) != len(sig_b):
        raise ValueError(
            f"signatures of different lengths ({len(sig_a)} and {len(sig_b)}) cannot be compared"
        )
    a = np.asarray(sig_a, dtype=np.uint64)
    b = np.asarray(sig_b, dtype=np.uint64)
    return float(np.count_nonzero(a == b)) / len(a)


def is_near_duplicate(sig_a: Sequence[int], sig_b: Sequence[int]) -> bool:
    """Whether two signatures are near duplicates by :data:`NEAR_DUPLICATE_THRESHOLD`."""
    return estimate_jaccard(sig_a, sig_b) >= NEAR_DUPLICATE_THRESHOLD

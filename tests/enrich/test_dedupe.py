"""Exact and near-duplicate detection on real Vietnamese news text."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from doingoai.enrich import dedupe


def _seed_body(seed_path: Path) -> str:
    lines = seed_path.read_text(encoding="utf-8").splitlines()
    # Lead and body paragraphs of the seed story (lines 3, 7, 12, 14).
    return "\n\n".join(lines[i - 1] for i in (3, 7, 12, 14))


@pytest.fixture(scope="module")
def vntc(shared_data: Path) -> dict[str, str]:
    path = shared_data / "topics" / "vntc_train_subset.jsonl"
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    path = shared_data / "topics" / "vntc_test_dev.jsonl"
    with path.open(encoding="utf-8") as fh:
        rows += [json.loads(line) for line in fh]
    return {r["id"]: r["text"] for r in rows}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hội nghị thông tin đối ngoại", "Hội  nghị\u00a0thông tin\n\nđối ngoại"),
        ("Phó Chủ tịch Ủy ban Nhân dân", "Phó Chủ tịch Uỷ ban Nhân dân"),
        ("hòa bình và thủy lợi", "hoà bình và thuỷ lợi"),
        ("Thủ đô Hà Nội", unicodedata.normalize("NFD", "Thủ đô Hà Nội")),
        ("Sở Thông tin và Truyền thông.", "Sở Thông tin và Truyền thông"),
        ("Đối ngoại", "đối ngoại"),
        ("xin\u200bchào", "xinchào"),
    ],
)
def test_exact_duplicates_share_a_fingerprint(a: str, b: str) -> None:
    assert dedupe.fingerprint(a) == dedupe.fingerprint(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hội nghị thông tin đối ngoại", "Hội nghị thông tin đối nội"),
        ("Ngày 2.6", "Ngày 2.7"),
    ],
)
def test_different_texts_have_different_fingerprints(a: str, b: str) -> None:
    assert dedupe.fingerprint(a) != dedupe.fingerprint(b)


def test_fingerprint_of_the_seed_ignores_reflowed_whitespace(seed_path: Path) -> None:
    body = _seed_body(seed_path)
    reflowed = " ".join(body.split())
    fp = dedupe.fingerprint(body)
    assert fp == dedupe.fingerprint(reflowed)
    assert len(fp) == 64 and int(fp, 16) >= 0


def _edits(body: str) -> dict[str, str]:
    paragraphs = body.split("\n\n")
    changed = list(paragraphs)
    changed[1] = changed[1].replace(
        "Sau 3 năm triển khai", "Sau ba năm thực hiện Đề án của Thành phố"
    )
    return {
        "byline added": body + "\n\nBảo Duy (Lao Động Thủ Đô)",
        "a sentence changed": "\n\n".join(changed),
        "a paragraph dropped": "\n\n".join(paragraphs[:3]),
        "retyped in old tone placement": body.replace("hóa", "hoá").replace("Ủy", "Uỷ"),
    }


@pytest.mark.parametrize("edit", ["byline added", "a sentence changed", "a paragraph dropped"])
def test_a_lightly_edited_copy_is_a_near_duplicate(seed_path: Path, edit: str) -> None:
    body = _seed_body(seed_path)
    copy = _edits(body)[edit]
    sig_a, sig_b = dedupe.minhash_signature(body), dedupe.minhash_signature(copy)
    assert dedupe.estimate_jaccard(sig_a, sig_b) >= dedupe.NEAR_DUPLICATE_THRESHOLD
    assert dedupe.is_near_duplicate(sig_a, sig_b)
    # The store finds the copy through a shared band key.
    assert set(dedupe.lsh_band_keys(sig_a)) & set(dedupe.lsh_band_keys(sig_b))
    assert dedupe.fingerprint(body) != dedupe.fingerprint(copy)


def test_tone_placement_does_not_change_the_signature(seed_path: Path) -> None:
    body = _seed_body(seed_path)
    copy = _edits(body)["retyped in old tone placement"]
    assert copy != body
    assert dedupe.minhash_signature(body) == dedupe.minhash_signature(copy)
    assert dedupe.fingerprint(body) == dedupe.fingerprint(copy)


# Pairs from the VNTC subset: the same story published twice (one in the
# training files, one in the test files, or under two topics) ...
VNTC_REPUBLISHED = [
    ("VH_VNE_ (519)", "VH_VNE_T_ (1016)"),
    ("KH_TN_ (1535)", "KH_VNE_T_ (1567)"),
    ("DS_NLD_ (5374)", "DS_VNE_T_ (1278)"),
    ("VH_NLD_ (3784)", "VH_TN_ (3443)"),
]
# ... and different stories, some of them about the same event.
VNTC_DIFFERENT = [
    ("PL_NLD_T_ (4284)", "PL_TN_T_ (3529)"),
    ("PL_TN_T_ (3623)", "PL_TN_T_ (3700)"),
    ("TG_VNE_T_ (3639)", "TG_VNE_T_ (3829)"),
    ("KD_VNE_T_ (115)", "KD_VNE_T_ (1570)"),
    ("XH_NLD_ (3698)", "XH_NLD_ (3723)"),
]


@pytest.mark.parametrize(("a", "b"), VNTC_REPUBLISHED)
def test_republished_vntc_stories_are_near_duplicates(vntc: dict[str, str], a: str, b: str) -> None:
    sig_a, sig_b = dedupe.minhash_signature(vntc[a]), dedupe.minhash_signature(vntc[b])
    assert dedupe.is_near_duplicate(sig_a, sig_b)
    assert set(dedupe.lsh_band_keys(sig_a)) & set(dedupe.lsh_band_keys(sig_b))


@pytest.mark.parametrize(("a", "b"), VNTC_DIFFERENT)
def test_different_vntc_stories_are_not_near_duplicates(
    vntc: dict[str, str], a: str, b: str
) -> None:
    sig_a, sig_b = dedupe.minhash_signature(vntc[a]), dedupe.minhash_signature(vntc[b])
    assert dedupe.estimate_jaccard(sig_a, sig_b) < dedupe.NEAR_DUPLICATE_THRESHOLD
    assert not dedupe.is_near_duplicate(sig_a, sig_b)


def test_band_keys_fit_the_store_and_are_stable(seed_path: Path) -> None:
    body = _seed_body(seed_path)
    sig = dedupe.minhash_signature(body)
    assert len(sig) == dedupe.NUM_PERM
    assert all(0 <= v < 2**32 for v in sig)
    keys = dedupe.lsh_band_keys(sig)
    assert len(keys) == dedupe.NUM_BANDS
    assert all(len(k) <= 40 for k in keys)
    assert [k[:3] for k in keys] == [f"{i:02d}-" for i in range(dedupe.NUM_BANDS)]
    assert keys == dedupe.lsh_band_keys(dedupe.minhash_signature(body))
    assert len(set(keys)) == len(keys)


def test_signatures_of_other_sizes_and_band_counts() -> None:
    sig = dedupe.minhash_signature("Hà Nội mùa thu, cây cơm nguội vàng", num_perm=64)
    assert len(sig) == 64
    assert len(dedupe.lsh_band_keys(sig, bands=16)) == 16
    with pytest.raises(ValueError, match="64 values cannot be cut into 10"):
        dedupe.lsh_band_keys(sig, bands=10)
    with pytest.raises(ValueError, match="different lengths"):
        dedupe.estimate_jaccard(sig, dedupe.minhash_signature("Hà Nội"))


@pytest.mark.parametrize("text", ["", "   \n ", "… — !!"])
def test_a_text_without_words_has_no_signature(text: str) -> None:
    sig = dedupe.minhash_signature(text)
    assert sig == []
    assert dedupe.lsh_band_keys(sig) == []
    assert dedupe.estimate_jaccard(sig, sig) == 0.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Phố cổ Hà Nội", ["pho", "co", "ha", "noi"]),
        ("河内市", ["河", "内", "市"]),
        ("Đảng_viên, 2.350 người", ["dang", "vien", "2", "350", "nguoi"]),
    ],
)
def test_tokens(text: str, expected: list[str]) -> None:
    assert dedupe.tokens(text) == expected


def test_short_texts_are_one_shingle() -> None:
    assert dedupe.shingles("Hà Nội mùa thu") == {"ha noi mua thu"}
    assert len(dedupe.shingles("một hai ba bốn năm sáu")) == 2

"""Topic classification: the shipped model, its accuracy, and a reproducible rebuild."""

from __future__ import annotations

import hashlib
import importlib
import json
from pathlib import Path

import pytest

from doingoai.enrich import topics, train_topics
from doingoai.errors import ConfigError, InputError

VNTC_LABELS = [
    "Chinh tri Xa hoi",
    "Doi song",
    "Khoa hoc",
    "Kinh doanh",
    "Phap luat",
    "Suc khoe",
    "The gioi",
    "The thao",
    "Van hoa",
    "Vi tinh",
]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_the_shipped_model_loads_without_shared_data() -> None:
    model = topics.load_model()
    assert list(model.labels) == VNTC_LABELS
    assert len(model.vocabulary) == len(set(model.vocabulary)) > 1000
    assert list(model.vocabulary) == sorted(model.vocabulary)
    assert topics.MODEL_PATH.stat().st_size < 5_000_000
    assert set(topics.THEMES) == set(topics.LABEL_NAMES) == set(VNTC_LABELS)


def test_the_shipped_model_was_built_from_the_shared_training_file(shared_data: Path) -> None:
    info = topics.load_model().info
    train = shared_data / "topics" / info["training_file"]
    # A different training file means the model must be rebuilt: make topics-model
    assert info["training_sha256"] == hashlib.sha256(train.read_bytes()).hexdigest()
    assert info["evaluation"]["file"] == "vntc_test_dev.jsonl"
    assert info["evaluation"]["documents"] == 1500
    assert info["evaluation"]["accuracy"] >= 0.86
    assert info["evaluation"]["macro_f1"] >= 0.86


def test_accuracy_on_a_slice_of_the_test_split(shared_data: Path) -> None:
    rows = _rows(shared_data / "topics" / "vntc_test_dev.jsonl")[::10]
    assert len(rows) == 150
    correct = sum(topics.classify(r["text"])[0] == r["label"] for r in rows)
    assert correct / len(rows) >= 0.82


# Headlines and leads written for this test, one per topic.
HEADLINES = [
    ("Giá vàng hôm nay tăng mạnh, các ngân hàng điều chỉnh lãi suất tiền gửi", "Kinh doanh"),
    (
        "Đội tuyển Việt Nam thắng Thái Lan 2-0 trên sân Mỹ Đình, huấn luyện viên khen các cầu thủ",
        "The thao",
    ),
    (
        "Bệnh viện Bạch Mai tiếp nhận nhiều bệnh nhân sốt xuất huyết, bác sĩ khuyên người dân diệt muỗi",
        "Suc khoe",
    ),
    (
        "Tòa án nhân dân TP Hà Nội xét xử bị cáo lừa đảo chiếm đoạt tài sản, công an đã khởi tố vụ án",
        "Phap luat",
    ),
    (
        "Nhà hát Lớn Hà Nội tổ chức đêm nhạc giao hưởng, nghệ sĩ biểu diễn các ca khúc về Thủ đô",
        "Van hoa",
    ),
    (
        "Microsoft phát hành bản cập nhật Windows vá lỗ hổng bảo mật, người dùng máy tính nên cài đặt ngay",
        "Vi tinh",
    ),
    (
        "Tổng thống Mỹ gặp Thủ tướng Nhật Bản bàn về an ninh khu vực, Liên Hợp Quốc kêu gọi đối thoại",
        "The gioi",
    ),
    (
        "Các nhà khoa học phát hiện một loài khủng long mới, nghiên cứu được công bố trên tạp chí Nature",
        "Khoa hoc",
    ),
    (
        "Bộ Giáo dục công bố quy chế tuyển sinh đại học, học sinh và sinh viên cần chuẩn bị hồ sơ",
        "Chinh tri Xa hoi",
    ),
    (
        "Bí quyết giữ hạnh phúc gia đình: vợ chồng nên dành thời gian cho nhau và cho con cái",
        "Doi song",
    ),
]


@pytest.mark.parametrize(("text", "label"), HEADLINES)
def test_hand_written_headlines(text: str, label: str) -> None:
    got, probability = topics.classify(text)
    assert got == label
    assert 0.1 < probability <= 1.0


def test_probabilities_sum_to_one_and_rank_is_sorted() -> None:
    model = topics.load_model()
    ranked = model.rank(HEADLINES[0][0])
    assert ranked[0][0] == "Kinh doanh"
    assert sum(p for _, p in ranked) == pytest.approx(1.0, abs=1e-3)
    assert [p for _, p in ranked] == sorted((p for _, p in ranked), reverse=True)


def test_text_without_known_words_gets_a_low_probability() -> None:
    label, probability = topics.classify("")
    assert label in VNTC_LABELS
    assert probability < 0.5


@pytest.mark.parametrize(
    ("label", "name", "theme"),
    [
        ("Kinh doanh", "Kinh doanh", "kinh-te"),
        ("Van hoa", "Văn hóa", "van-hoa"),
        ("Chinh tri Xa hoi", "Chính trị – Xã hội", "con-nguoi"),
        ("The gioi", "Thế giới", "doi-ngoai"),
        ("Suc khoe", "Sức khỏe", "con-nguoi"),
    ],
)
def test_labels_read_as_vietnamese_and_suggest_a_theme(label: str, name: str, theme: str) -> None:
    assert topics.label_name(label) == name
    assert topics.theme(label) == theme


def test_every_suggested_theme_is_one_the_office_seeds() -> None:
    seeded = importlib.import_module("doingoai.curation.migrations.0002_seed_themes_and_roles")
    slugs = {slug for slug, _vi, _en in seeded.THEMES}
    assert set(topics.THEMES.values()) <= slugs
    # every label is written with its diacritics: none reads as its bare key
    assert all(topics.label_name(k) != k for k in topics.LABEL_NAMES if k != "Kinh doanh")


def test_a_label_of_another_classifier_is_shown_as_it_is() -> None:
    assert topics.label_name("Giai tri") == "Giai tri"


def test_unknown_theme_label() -> None:
    with pytest.raises(ConfigError, match="unknown topic label 'Giai tri'"):
        topics.theme("Giai tri")


def _subset(shared_data: Path, tmp_path: Path) -> Path:
    rows = _rows(shared_data / "topics" / "vntc_train_subset.jsonl")[::20]
    path = tmp_path / "train.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def test_rebuild_is_byte_for_byte_identical(shared_data: Path, tmp_path: Path) -> None:
    train = _subset(shared_data, tmp_path)
    outs = [tmp_path / "a.json", tmp_path / "b.json"]
    for out in outs:
        argv = ["--out", str(out), "--train", str(train), "--test", "", "--max-features", "2000"]
        assert train_topics.main(argv) == 0
    assert outs[0].read_bytes() == outs[1].read_bytes()
    model = topics.load_model(outs[0])
    assert list(model.labels) == VNTC_LABELS
    assert len(model.vocabulary) == 2000
    assert model.info["training_documents"] == 50


def test_training_on_a_file_that_is_not_a_corpus(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Hà Nội"}\n', "utf-8")
    with pytest.raises(InputError, match="line 1 is not a JSON object with text and label"):
        train_topics.read_corpus(bad)
    assert train_topics.main(["--out", str(tmp_path / "m.json"), "--train", str(bad)]) == 1
    with pytest.raises(InputError, match="cannot read the corpus"):
        train_topics.read_corpus(tmp_path / "missing.jsonl")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "cannot read the topic model"),
        ('{"format": "other/1"}', "not a doingoai-topics/1 model file"),
        ('{"format": "doingoai-topics/1", "labels": ["a"]}', "damaged topic model"),
    ],
)
def test_a_broken_model_file_is_a_config_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "topics.json"
    path.write_text(content, "utf-8")
    with pytest.raises(ConfigError, match=message):
        topics.load_model(path)


def test_a_missing_model_file_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="make topics-model"):
        topics.load_model(tmp_path / "nowhere.json")

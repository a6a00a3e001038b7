"""A tiny CTranslate2 model built from scratch, for tests and benchmarks.

:func:`build_tiny_model` writes a directory in the layout the
:class:`~doingoai.translate.engines.ct2.CTranslate2Engine` reads — ``model.bin``,
``config.json``, ``shared_vocabulary.json``, ``source.spm``, ``target.spm`` — in
a fraction of a second, with no download and no PyTorch:

* a SentencePiece unigram model trained on a few Vietnamese and English
  sentences (the pieces are the vocabulary, ``<unk>`` first and ``</s>`` second,
  as in a Marian vocabulary);
* a one-layer Transformer declared with CTranslate2's model-specification API
  (``ctranslate2.specs.TransformerSpec.from_config``) as the Marian converter
  declares OPUS-MT models — post-norm, decoder starting from a zero embedding,
  ``</s>`` added to the source — and filled with small random NumPy weights.

The model translates nothing: its output is a string of pieces. It runs the
same loading, tokenising, batching, decoding and joining code as a real model.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

__all__ = ["TINY_SENTENCES", "build_tiny_model"]

#: Sentences the tiny SentencePiece model is trained on (written for this purpose).
TINY_SENTENCES = (
    "Hà Nội là thủ đô của Việt Nam.",
    "Ủy ban nhân dân thành phố họp ngày 2.6 tại trụ sở.",
    "Thông tin đối ngoại giới thiệu văn hóa và con người Thủ đô.",
    "Năm 2024, thành phố đón 2.350 đoàn khách quốc tế.",
    "Hanoi is the capital of Vietnam.",
    "The city People's Committee met on June 2 at its headquarters.",
    "External information presents the culture and people of the capital.",
    "In 2024 the city welcomed 2,350 international delegations.",
)


def build_tiny_model(
    directory: str | Path,
    *,
    sentences: Sequence[str] = TINY_SENTENCES,
    vocab_size: int = 80,
    d_model: int = 16,
    ffn: int = 32,
    heads: int = 2,
    seed: int = 1,
    eos_bias: float = 3.0,
) -> Path:
    """Write a tiny CTranslate2 model to ``directory`` (created; must be empty
    or missing) and return its path. ``eos_bias`` shifts the end token's score:
    with the defaults the model stops after a few pieces; a negative bias makes
    it never stop before the decoding limit."""
    import numpy as np
    import sentencepiece as spm
    from ctranslate2.specs import transformer_spec

    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(list(sentences) * 4),
        model_writer=buffer,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        unk_id=0,
        eos_id=1,
        bos_id=-1,
        pad_id=-1,
        hard_vocab_limit=False,
        minloglevel=2,
    )
    model = buffer.getvalue()
    processor = spm.SentencePieceProcessor(model_proto=model)
    vocab = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    size = len(vocab)
    rng = np.random.default_rng(seed)

    def weight(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) * 0.5).astype(np.float32)

    def norm(spec: object) -> None:
        spec.gamma = np.ones(d_model, np.float32)  # type: ignore[attr-defined]
        spec.beta = np.zeros(d_model, np.float32)  # type: ignore[attr-defined]

    def linear(spec: object, rows: int, cols: int) -> None:
        spec.weight = weight(rows, cols)  # type: ignore[attr-defined]
        spec.bias = np.zeros(rows, np.float32)  # type: ignore[attr-defined]

    def feed_forward(spec: object) -> None:
        norm(spec.layer_norm)  # type: ignore[attr-defined]
        linear(spec.linear_0, ffn, d_model)  # type: ignore[attr-defined]
        linear(spec.linear_1, d_model, ffn)  # type: ignore[attr-defined]

    spec = transformer_spec.TransformerSpec.from_config((1, 1), heads, pre_norm=False)
    encoder, decoder = spec.encoder, spec.decoder
    encoder.embeddings[0].weight = weight(size, d_model)
    for layer in encoder.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d_model, d_model)
        linear(layer.self_attention.linear[1], d_model, d_model)
        feed_forward(layer.ffn)
    decoder.embeddings.weight = weight(size, d_model)
    decoder.start_from_zero_embedding = True
    for layer in decoder.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d_model, d_model)
        linear(layer.self_attention.linear[1], d_model, d_model)
        norm(layer.attention.layer_norm)
        linear(layer.attention.linear[0], d_model, d_model)
        linear(layer.attention.linear[1], 2 * d_model, d_model)
        linear(layer.attention.linear[2], d_model, d_model)
        feed_forward(layer.ffn)
    decoder.projection.weight = weight(size, d_model)
    bias = np.zeros(size, np.float32)
    bias[1] = eos_bias
    decoder.projection.bias = bias
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.config.add_source_eos = True
    spec.config.decoder_start_token = "</s>"
    spec.validate()
    spec.save(str(out))
    (out / "source.spm").write_bytes(model)
    (out / "target.spm").write_bytes(model)
    return out

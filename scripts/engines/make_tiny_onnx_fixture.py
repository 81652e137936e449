"""Writes the tiny ONNX sentence encoder that Galen's unit tests run without the engines' setup.

A BERT with random weights (seed 0; 2 layers, hidden size 16, a 60-token WordPiece vocabulary),
exported exactly as export_embedder.py exports all-MiniLM-L6-v2, so that `npm test` exercises the
ONNX embedder (batching, padding, pooling) through onnxruntime-node with a real model file of a
few tens of kilobytes. Its vectors mean nothing; the real model is tested by test/engines/.

    .venv-engines/bin/python scripts/engines/make_tiny_onnx_fixture.py \\
        src/retrieval/embedders/__fixtures__/tiny-bert
"""

import json
import sys
from pathlib import Path

import torch
from transformers import BertConfig, BertModel

sys.path.insert(0, str(Path(__file__).parent))
from export_embedder import TokenEmbeddings  # noqa: E402

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
WORDS = ["the", "of", "and", "blood", "sugar", "heart", "drug", "dose", "pain", "renal"]
LETTERS = [chr(code) for code in range(ord("a"), ord("z") + 1)]
PUNCTUATION = [".", ",", "?", "-"]


def main() -> None:
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    tokens = SPECIAL + WORDS + LETTERS + ["##" + letter for letter in LETTERS[:15]] + PUNCTUATION
    vocabulary = {token: position for position, token in enumerate(tokens)}
    tokenizer = {
        "normalizer": {"type": "BertNormalizer", "lowercase": True, "strip_accents": None},
        "model": {
            "type": "WordPiece",
            "unk_token": "[UNK]",
            "continuing_subword_prefix": "##",
            "vocab": vocabulary,
        },
    }
    (target / "tokenizer.json").write_text(json.dumps(tokenizer, indent=1) + "\n")
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=len(tokens),
        hidden_size=16,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
        attn_implementation="eager",
    )
    encoder = BertModel(config, add_pooling_layer=False).eval()
    axes = {0: "batch", 1: "sequence"}
    example = (
        torch.tensor([[2, 5, 6, 3], [2, 7, 3, 0]], dtype=torch.long),
        torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0]], dtype=torch.long),
        torch.zeros((2, 4), dtype=torch.long),
    )
    with torch.no_grad():
        torch.onnx.export(
            TokenEmbeddings(encoder),
            example,
            str(target / "model.onnx"),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            dynamic_axes={name: axes for name in ("input_ids", "attention_mask", "token_type_ids", "last_hidden_state")},
            opset_version=17,
            do_constant_folding=True,
            dynamo=False,
        )
    print(json.dumps({"model": str(target / "model.onnx"), "vocabulary": len(tokens)}))


if __name__ == "__main__":
    main()

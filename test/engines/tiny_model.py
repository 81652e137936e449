"""Builds a tiny random Llama-style causal LM and a byte-level BPE tokenizer trained locally.

Nothing is downloaded (HF_HUB_OFFLINE=1): the tokenizer is trained on the texts given, and the
model has random weights (2 layers, hidden size 64). Its outputs are noise; the point is that the
engines run their real code paths end to end on real tensors.

    python tiny_model.py OUT_DIR [TEXT_FILE ...]
"""

import json
import os
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers  # noqa: E402
from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast  # noqa: E402

SPECIAL = ["<unk>", "<s>", "</s>", "<pad>"]

# A chat template in the style of most instruct models, so conversational datasets work too.
CHAT_TEMPLATE = (
    "{% for message in messages %}<s>{{ message['role'] }}\n{{ message['content'] }}</s>\n{% endfor %}"
    "{% if add_generation_prompt %}<s>assistant\n{% endif %}"
)


def corpus_lines(paths):
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                line = line.strip()
                if not line:
                    continue
                try:
                    record = json.loads(line)
                except ValueError:
                    yield line
                    continue
                yield json.dumps(record, ensure_ascii=False)
    # a little general text so that answers and codes have tokens of their own
    yield "The answer is A. The answer is B. The answer is C. The answer is D. ICD-10 J18.9 I10 E11.9"


def build(out_dir, text_files, seed=0):
    import torch

    torch.manual_seed(seed)
    tokenizer = Tokenizer(models.BPE(unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=512, special_tokens=SPECIAL, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tokenizer.train_from_iterator(corpus_lines(text_files), trainer=trainer)
    fast = PreTrainedTokenizerFast(tokenizer_object=tokenizer, unk_token="<unk>", bos_token="<s>",
                                   eos_token="</s>", pad_token="<pad>")
    fast.chat_template = CHAT_TEMPLATE
    config = LlamaConfig(vocab_size=len(fast), hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=4, max_position_embeddings=1024,
                         bos_token_id=fast.bos_token_id, eos_token_id=fast.eos_token_id,
                         pad_token_id=fast.pad_token_id, tie_word_embeddings=True)
    model = LlamaForCausalLM(config)
    os.makedirs(out_dir, exist_ok=True)
    model.save_pretrained(out_dir)
    fast.save_pretrained(out_dir)
    return out_dir


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print("usage: tiny_model.py OUT_DIR [TEXT_FILE ...]", file=sys.stderr)
        sys.exit(2)
    print(build(sys.argv[1], sys.argv[2:]))

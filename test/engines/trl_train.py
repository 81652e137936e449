"""TRL DPO or SFT on a Galen export (trl-preference, sft or instruction-data exports).

    python trl_train.py dpo|sft MODEL_DIR DATA_JSONL OUT_DIR [STEPS]

Prints one JSON line: the trainer, steps run, rows read and the logged losses.
"""

import json
import math
import os
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from datasets import load_dataset  # noqa: E402
from transformers import AutoModelForCausalLM, AutoTokenizer  # noqa: E402


def main(kind, model_dir, data_file, out_dir, steps=2):
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForCausalLM.from_pretrained(model_dir)
    dataset = load_dataset("json", data_files=data_file, split="train")
    common = dict(output_dir=out_dir, per_device_train_batch_size=2, max_steps=steps, learning_rate=1e-4,
                  logging_steps=1, report_to="none", use_cpu=True, seed=0, save_strategy="no", disable_tqdm=True)
    if kind == "dpo":
        from trl import DPOConfig, DPOTrainer

        trainer = DPOTrainer(model=model, args=DPOConfig(max_length=256, **common), processing_class=tokenizer,
                             train_dataset=dataset)
    elif kind == "sft":
        from trl import SFTConfig, SFTTrainer

        trainer = SFTTrainer(model=model, args=SFTConfig(max_length=256, **common), processing_class=tokenizer,
                             train_dataset=dataset)
    else:
        raise SystemExit(f"unknown trainer {kind!r}: expected dpo or sft")
    trainer.train()
    losses = [entry["loss"] for entry in trainer.state.log_history if "loss" in entry]
    finite = all(isinstance(value, (int, float)) and math.isfinite(value) for value in losses)
    print(json.dumps({"trainer": kind, "steps": trainer.state.global_step, "rows": len(dataset),
                      "columns": dataset.column_names, "losses": losses, "finite": finite}))


if __name__ == "__main__":
    if len(sys.argv) < 5:
        print("usage: trl_train.py dpo|sft MODEL_DIR DATA_JSONL OUT_DIR [STEPS]", file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]) if len(sys.argv) > 5 else 2)

"""TRL GRPO on a Galen export with Galen's reward function against a live reward server.

    GALEN_REWARD_URL=http://127.0.0.1:PORT python trl_grpo.py MODEL_DIR TRAIN_JSONL OUT_DIR [STEPS]

Prints one JSON line: the completions TRL generated, the rewards received (numbers), the
missing rewards (None: items the server reported as error), and TRL's logged reward means.
"""

import json
import os
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "adapters", "trl"))

from datasets import load_dataset  # noqa: E402
from galen_trl import reward_func  # noqa: E402
from transformers import AutoModelForCausalLM, AutoTokenizer  # noqa: E402
from trl import GRPOConfig, GRPOTrainer  # noqa: E402

seen = {"calls": 0, "completions": 0, "numbers": 0, "missing": 0}


def counted_reward(prompts, completions, **kwargs):
    rewards = reward_func(prompts, completions, **kwargs)
    seen["calls"] += 1
    seen["completions"] += len(completions)
    seen["numbers"] += sum(1 for value in rewards if isinstance(value, float))
    seen["missing"] += sum(1 for value in rewards if value is None)
    return rewards


counted_reward.__name__ = "galen_reward"


def main(model_dir, train_file, out_dir, steps=4):
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForCausalLM.from_pretrained(model_dir)
    dataset = load_dataset("json", data_files=train_file, split="train")
    args = GRPOConfig(
        output_dir=out_dir,
        per_device_train_batch_size=4,
        num_generations=4,
        max_completion_length=12,
        max_steps=steps,
        learning_rate=1e-4,
        logging_steps=1,
        report_to="none",
        use_cpu=True,
        seed=0,
        save_strategy="no",
        disable_tqdm=True,
    )
    trainer = GRPOTrainer(model=model, processing_class=tokenizer, reward_funcs=[counted_reward], args=args,
                          train_dataset=dataset)
    trainer.train()
    rewards = [entry.get("reward") for entry in trainer.state.log_history if "reward" in entry]
    print(json.dumps({"steps": trainer.state.global_step, **seen, "logged_reward_means": rewards}))


if __name__ == "__main__":
    if len(sys.argv) < 4:
        print("usage: trl_grpo.py MODEL_DIR TRAIN_JSONL OUT_DIR [STEPS]", file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 4)

"""verl's own code on Galen's verl parquet: RLHFDataset reads it, NaiveRewardManager scores
responses through Galen's adapters/verl compute_score (no GPU, no rollout: the responses are given).

    GALEN_REWARD_URL=... python verl_check.py TOKENIZER_DIR TRAIN_PARQUET SOLUTIONS_JSON

SOLUTIONS_JSON maps item id -> response text. Prints one JSON line with what verl read and the
reward of each row, in order.
"""

import json
import os
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "adapters", "verl"))

import numpy as np  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
import torch  # noqa: E402
from galen_verl import compute_score  # noqa: E402
from omegaconf import OmegaConf  # noqa: E402
from transformers import AutoTokenizer  # noqa: E402
from verl import DataProto  # noqa: E402
from verl.utils.dataset.rl_dataset import RLHFDataset  # noqa: E402
from verl.workers.reward_manager.naive import NaiveRewardManager  # noqa: E402


def main(tokenizer_dir, parquet_file, solutions_file):
    solutions = json.load(open(solutions_file, encoding="utf-8"))
    table = pq.read_table(parquet_file)
    tokenizer = AutoTokenizer.from_pretrained(tokenizer_dir)
    config = OmegaConf.create({"prompt_key": "prompt", "max_prompt_length": 512, "truncation": "left",
                               "filter_overlong_prompts": False, "return_raw_chat": True,
                               "cache_dir": os.path.join(os.path.dirname(parquet_file), "verl-cache")})
    dataset = RLHFDataset(data_files=[parquet_file], tokenizer=tokenizer, config=config)
    rows = [dataset[index] for index in range(len(dataset))]

    prompt_length, response_length = 512, 64
    prompts, responses, masks, sources, reward_models, extras = [], [], [], [], [], []
    for row in rows:
        item_id = row["extra_info"]["id"]
        # verl's tokenised prompt, left padded to one length as the rollout worker hands it on
        if "input_ids" in row:
            prompt_ids = torch.as_tensor(row["input_ids"]).reshape(-1)[-prompt_length:]
        else:  # newer verl tokenises in the rollout worker: render the raw chat the same way
            text = tokenizer.apply_chat_template(list(row["raw_prompt"]), add_generation_prompt=True, tokenize=False)
            prompt_ids = torch.tensor(tokenizer(text, add_special_tokens=False)["input_ids"])[-prompt_length:]
        prompt_mask = torch.ones_like(prompt_ids)
        pad = prompt_length - prompt_ids.shape[0]
        prompt_ids = torch.cat([torch.full((pad,), tokenizer.pad_token_id), prompt_ids])
        prompt_mask = torch.cat([torch.zeros(pad, dtype=torch.long), prompt_mask])
        response_ids = torch.tensor(tokenizer(solutions[item_id], add_special_tokens=False)["input_ids"])
        response_mask = torch.ones_like(response_ids)
        pad = response_length - response_ids.shape[0]
        response_ids = torch.cat([response_ids, torch.full((pad,), tokenizer.pad_token_id)])
        response_mask = torch.cat([response_mask, torch.zeros(pad, dtype=torch.long)])
        prompts.append(prompt_ids)
        responses.append(response_ids)
        masks.append(torch.cat([prompt_mask, response_mask]))
        sources.append(row["data_source"])
        reward_models.append(row["reward_model"])
        extras.append(row["extra_info"])

    data = DataProto.from_dict(
        tensors={"prompts": torch.stack(prompts), "responses": torch.stack(responses),
                 "attention_mask": torch.stack(masks)},
        non_tensors={"data_source": np.array(sources, dtype=object),
                     "reward_model": np.array(reward_models, dtype=object),
                     "extra_info": np.array(extras, dtype=object)},
    )
    manager = NaiveRewardManager(tokenizer=tokenizer, num_examine=0, compute_score=compute_score)
    result = manager(data, return_dict=True)
    rewards = result["reward_tensor"].sum(dim=-1).tolist()
    print(json.dumps({
        "pyarrow_rows": table.num_rows,
        "pyarrow_columns": table.column_names,
        "dataset_rows": len(rows),
        "ids": [row["extra_info"]["id"] for row in rows],
        "data_sources": sources,
        "rewards": rewards,
        "extra_keys": sorted(result["reward_extra_info"].keys()),
    }))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print("usage: verl_check.py TOKENIZER_DIR TRAIN_PARQUET SOLUTIONS_JSON", file=sys.stderr)
        sys.exit(2)
    main(*sys.argv[1:])

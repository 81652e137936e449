"""LLaMA-Factory's own dataset parser and format converter on Galen's exports.

    python llamafactory_check.py DATASET_DIR NAME [NAME ...]

Reads DATASET_DIR/dataset_info.json with LLaMA-Factory's get_dataset_list, loads each named file
as its loader does for a local JSON file, and aligns it with LLaMA-Factory's align_dataset (the
alpaca and sharegpt converters) to its standard _prompt/_response/_system columns. Prints one JSON
line per run with what LLaMA-Factory made of each dataset.

LLaMA-Factory's data package __init__ imports its multimodal collator, which needs torchaudio (no
build for torch 2.13 on CPU); the package is registered without running that __init__, and the
parser and converter modules, which the collator does not touch, are imported as they are.
"""

import json
import os
import sys
import types
from types import SimpleNamespace

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import llamafactory  # noqa: E402

_data_dir = os.path.join(os.path.dirname(llamafactory.__file__), "data")
_package = types.ModuleType("llamafactory.data")
_package.__path__ = [_data_dir]
sys.modules.setdefault("llamafactory.data", _package)

from datasets import load_dataset  # noqa: E402
from llamafactory.data.converter import align_dataset  # noqa: E402
from llamafactory.data.parser import get_dataset_list  # noqa: E402


def main(dataset_dir, names):
    data_args = SimpleNamespace(streaming=False, preprocessing_num_workers=None, overwrite_cache=True,
                                dataset_dir=dataset_dir, media_dir=dataset_dir)
    training_args = SimpleNamespace(local_process_index=0)
    report = {}
    for attr in get_dataset_list(names, dataset_dir):
        if attr.load_from != "file":
            raise SystemExit(f"{attr.dataset_name}: expected a local file dataset, got {attr.load_from}")
        path = os.path.join(dataset_dir, attr.dataset_name)
        dataset = load_dataset("json", data_files=path, split=attr.split)
        aligned = align_dataset(dataset, attr, data_args, training_args)
        rows = list(aligned)
        report[attr.dataset_name] = {
            "formatting": attr.formatting,
            "rows": len(rows),
            "with_prompt_and_response": sum(1 for row in rows if row["_prompt"] and row["_response"]),
            "first": {"prompt": rows[0]["_prompt"], "response": rows[0]["_response"], "system": rows[0]["_system"]}
            if rows else None,
        }
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    if len(sys.argv) < 3:
        print("usage: llamafactory_check.py DATASET_DIR NAME [NAME ...]", file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1], sys.argv[2:])

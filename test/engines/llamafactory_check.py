"""LLaMA-Factory's own dataset parser, loader and format converter on Galen's exports.

    python llamafactory_check.py [--rows] DATASET_DIR NAME [NAME ...]

Reads DATASET_DIR/dataset_info.json with LLaMA-Factory's get_dataset_list and loads each named
dataset with its _load_single_dataset (the loader behind every training stage: the file type from
the extension, datasets' json builder, then align_dataset with the alpaca or sharegpt converter)
into its standard _prompt/_response/_system columns. Prints one JSON line with what LLaMA-Factory
made of each dataset: its formatting, the rows, the rows with both a prompt and a response (the
converter empties a conversation whose roles it rejects), the first row and, with --rows, every
row.

LLaMA-Factory's data package __init__ imports its multimodal collator, which needs torchaudio (no
build for torch 2.13 on CPU); the package is registered without running that __init__, and the
parser, loader and converter modules, which the collator does not touch, are imported as they are.
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

from llamafactory.data.loader import _load_single_dataset  # noqa: E402
from llamafactory.data.parser import get_dataset_list  # noqa: E402


def _row(row):
    return {"prompt": row["_prompt"], "response": row["_response"], "system": row["_system"]}


def main(dataset_dir, names, all_rows):
    model_args = SimpleNamespace(cache_dir=None, hf_hub_token=None)
    data_args = SimpleNamespace(streaming=False, preprocessing_num_workers=None, overwrite_cache=True,
                                max_samples=None, dataset_dir=dataset_dir, media_dir=dataset_dir)
    training_args = SimpleNamespace(local_process_index=0, dataloader_num_workers=0)
    report = {}
    for attr in get_dataset_list(names, dataset_dir):
        if attr.load_from != "file":
            raise SystemExit(f"{attr.dataset_name}: expected a local file dataset, got {attr.load_from}")
        aligned = _load_single_dataset(attr, model_args, data_args, training_args)
        rows = list(aligned)
        entry = {
            "formatting": attr.formatting,
            "rows": len(rows),
            "with_prompt_and_response": sum(1 for row in rows if row["_prompt"] and row["_response"]),
            "first": _row(rows[0]) if rows else None,
        }
        if all_rows:
            entry["all"] = [_row(row) for row in rows]
        report[attr.dataset_name] = entry
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    arguments = sys.argv[1:]
    rows_flag = "--rows" in arguments
    arguments = [argument for argument in arguments if argument != "--rows"]
    if len(arguments) < 2:
        print("usage: llamafactory_check.py [--rows] DATASET_DIR NAME [NAME ...]", file=sys.stderr)
        sys.exit(2)
    main(arguments[0], arguments[1:], rows_flag)

"""verl custom reward function backed by `galen reward serve` (standard library only).

Per-item manager (verl's default "naive" reward manager):

    custom_reward_function.path=adapters/verl/galen_verl.py
    custom_reward_function.name=compute_score

Batch manager (one HTTP request per batch; faster):

    reward_model.reward_manager=batch
    custom_reward_function.path=adapters/verl/galen_verl.py
    custom_reward_function.name=compute_score_batch

The dataset's `reward_model.ground_truth` is the label: a JSON object with `task` and
`ground_truth` (or a bare exam answer with GALEN_DEFAULT_TASK=exam). `extra_info` may carry
`task`, `options` and `prompt`. Each result is a dict with the same keys for every item:
`score`, `correctness`, `format` and `valid` (1 when the verifier status is ok).

An item the server reports as `error` or `timeout`, and a server that cannot be reached, raise
GalenRewardError (verl has no "missing reward"); set GALEN_REWARD_ON_ERROR=zero to score such items
0 instead, knowingly.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from galen_client import TASKS, GalenRewardError, build_item, score_items  # noqa: E402

__all__ = ["compute_score", "compute_score_batch", "GalenRewardError"]


def _task_of(data_source, extra_info):
    if isinstance(extra_info, dict) and extra_info.get("task"):
        return extra_info["task"]
    if isinstance(data_source, str):
        name = data_source.rsplit("/", 1)[-1]
        if name in TASKS:
            return name
    return None


def _item(data_source, solution_str, ground_truth, extra_info):
    extra = extra_info if isinstance(extra_info, dict) else {}
    return build_item(
        solution_str,
        ground_truth,
        task=_task_of(data_source, extra),
        options=extra.get("options"),
        prompt=extra.get("prompt"),
    )


def _to_verl(result):
    status = result.get("status")
    if status in ("error", "timeout"):
        if os.environ.get("GALEN_REWARD_ON_ERROR", "raise") != "zero":
            raise GalenRewardError(f"galen: item {status}: {result.get('reason')}")
    components = result.get("components") or {}
    return {
        "score": float(result.get("score", 0.0)),
        "correctness": float(components.get("correctness", 0.0)),
        "format": float(components.get("format", 0.0)),
        "valid": 1.0 if status == "ok" else 0.0,
    }


def compute_score(data_source, solution_str, ground_truth, extra_info=None, **kwargs):
    """Scores one rollout; returns {"score", "correctness", "format", "valid"}."""
    return _to_verl(score_items([_item(data_source, solution_str, ground_truth, extra_info)])[0])


def compute_score_batch(data_sources, solution_strs, ground_truths, extra_infos=None, **kwargs):
    """Scores a batch of rollouts in one request (verl's "batch" reward manager)."""
    extra_infos = list(extra_infos) if extra_infos is not None else [None] * len(solution_strs)
    items = [
        _item(source, solution, truth, extra)
        for source, solution, truth, extra in zip(data_sources, solution_strs, ground_truths, extra_infos)
    ]
    return [_to_verl(result) for result in score_items(items)]

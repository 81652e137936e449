"""TRL reward function backed by `galen reward serve` (standard library only).

    import sys; sys.path.insert(0, "adapters/trl")
    from galen_trl import reward_func
    trainer = GRPOTrainer(model=..., reward_funcs=[reward_func], train_dataset=dataset, ...)

TRL passes the dataset's other columns as keyword arguments. The label is read from the
`ground_truth` column (or `label`, `answer`, `solution`): a JSON object with `task` and
`ground_truth`, or a bare value with the task in a `task` column (or GALEN_DEFAULT_TASK).
Optional columns: `options` (exam option texts).

Conversational completions ([{"role": "assistant", "content": ...}]) are read from their last
message. Items the server reports as `error` or `timeout` get None, which TRL treats as a missing
reward (not a 0); a server that cannot be reached raises GalenRewardError.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from galen_client import GalenRewardError, build_item, score_items  # noqa: E402

__all__ = ["reward_func", "GalenRewardError"]

_LABEL_COLUMNS = ("ground_truth", "label", "answer", "solution")


def _text(value):
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value:
        last = value[-1]
        if isinstance(last, dict):
            return str(last.get("content") or "")
    if isinstance(value, dict):
        return str(value.get("content") or "")
    return "" if value is None else str(value)


def _column(kwargs, name, index):
    values = kwargs.get(name)
    if values is None:
        return None
    try:
        return values[index]
    except (IndexError, KeyError, TypeError):
        return None


def reward_func(prompts, completions, **kwargs):
    """Scores GRPO completions; returns one float (or None for a failed item) per completion."""
    column = next((name for name in _LABEL_COLUMNS if kwargs.get(name) is not None), None)
    if column is None:
        raise GalenRewardError(f"galen: the dataset needs one of the columns {', '.join(_LABEL_COLUMNS)}")
    items = []
    for index, completion in enumerate(completions):
        prompt = prompts[index] if prompts is not None and index < len(prompts) else None
        items.append(
            build_item(
                _text(completion),
                _column(kwargs, column, index),
                task=_column(kwargs, "task", index),
                options=_column(kwargs, "options", index),
                prompt=_text(prompt) if prompt is not None else None,
            )
        )
    results = score_items(items)
    return [None if result.get("status") in ("error", "timeout") else float(result.get("score", 0.0)) for result in results]


reward_func.__name__ = "galen_reward"

"""Galen reward-server client shared by the verl and TRL adapters (standard library only).

Settings come from the environment:

    GALEN_REWARD_URL       base URL of `galen reward serve` (default http://127.0.0.1:8008)
    GALEN_REWARD_TOKEN     bearer token, when the server requires one
    GALEN_REWARD_TIMEOUT   seconds per HTTP request (default 300)
    GALEN_REWARD_RETRIES   attempts per request (default 3; connection errors and 5xx only)
    GALEN_DEFAULT_TASK     task of items whose label does not name one (exam, diagnosis, ...)

A request that still fails after its retries raises GalenRewardError: the adapters never turn a
failure into a silent 0.
"""

import http.client
import json
import os
import threading
import time
import urllib.parse

TASKS = ("exam", "diagnosis", "drug", "test_ordering", "format")

_LIST_FIELD = {"exam": "answers", "drug": "drugs", "test_ordering": "tests", "diagnosis": "icd10"}


class GalenRewardError(RuntimeError):
    """The reward server could not be reached or refused the request."""


_local = threading.local()


def _settings():
    url = os.environ.get("GALEN_REWARD_URL", "http://127.0.0.1:8008").rstrip("/")
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise GalenRewardError(f'galen: GALEN_REWARD_URL "{url}" is not an http(s) URL')
    return {
        "scheme": parsed.scheme,
        "host": parsed.hostname,
        "port": parsed.port or (443 if parsed.scheme == "https" else 80),
        "base": parsed.path.rstrip("/"),
        "token": os.environ.get("GALEN_REWARD_TOKEN") or None,
        "timeout": float(os.environ.get("GALEN_REWARD_TIMEOUT", "300")),
        "retries": max(1, int(os.environ.get("GALEN_REWARD_RETRIES", "3"))),
    }


def _connection(settings, fresh=False):
    key = (settings["scheme"], settings["host"], settings["port"], settings["timeout"])
    connection = getattr(_local, "connection", None)
    if fresh or connection is None or getattr(_local, "key", None) != key:
        if connection is not None:
            connection.close()
        factory = http.client.HTTPSConnection if settings["scheme"] == "https" else http.client.HTTPConnection
        connection = factory(settings["host"], settings["port"], timeout=settings["timeout"])
        _local.connection = connection
        _local.key = key
    return connection


def post(path, body):
    """POSTs JSON to the reward server over a kept-alive connection and returns the parsed reply."""
    settings = _settings()
    payload = json.dumps(body).encode("utf-8")
    headers = {"content-type": "application/json"}
    if settings["token"]:
        headers["authorization"] = "Bearer " + settings["token"]
    last_error = None
    for attempt in range(settings["retries"]):
        try:
            connection = _connection(settings, fresh=attempt > 0)
            connection.request("POST", settings["base"] + path, body=payload, headers=headers)
            response = connection.getresponse()
            data = response.read()
            if response.status >= 500 or response.status == 429:
                last_error = GalenRewardError(f"galen: {path} answered {response.status}: {data[:200]!r}")
            elif response.status != 200:
                # 4xx other than 429: retrying will not help.
                raise GalenRewardError(f"galen: {path} answered {response.status}: {data[:300].decode('utf-8', 'replace')}")
            else:
                return json.loads(data)
        except (OSError, http.client.HTTPException) as error:
            last_error = GalenRewardError(f"galen: cannot reach the reward server ({error})")
            _connection(settings, fresh=True)
        time.sleep(min(2.0, 0.2 * (2**attempt)))
    raise last_error or GalenRewardError("galen: reward request failed")


def _loads(value):
    if isinstance(value, (bytes, bytearray)):
        value = value.decode("utf-8")
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("{") or text.startswith("["):
            try:
                return json.loads(text)
            except ValueError:
                return value
    return value


def build_item(response, label, task=None, options=None, prompt=None):
    """Builds a native reward item from a response and a dataset label.

    `label` may be a dict (or its JSON text) holding `task` and `ground_truth` (or the ground-truth
    fields themselves), a bare answer such as "C" (exam), or a list (exam answers, drugs, tests,
    ICD-10-CM codes). `task` applies when the label does not name one.
    """
    label = _loads(label)
    if hasattr(label, "tolist"):  # numpy arrays from parquet datasets
        label = label.tolist()
    chosen = task or os.environ.get("GALEN_DEFAULT_TASK") or None
    if isinstance(label, dict):
        chosen = label.get("task") or chosen
        if "ground_truth" in label:
            ground_truth = _loads(label["ground_truth"])
        else:
            ground_truth = {key: value for key, value in label.items() if key not in ("task", "options", "prompt")}
        options = label.get("options", options)
        prompt = label.get("prompt", prompt)
    elif isinstance(label, list):
        ground_truth = {_LIST_FIELD.get(chosen or "", "answers"): label}
    elif isinstance(label, str) and chosen in (None, "exam"):
        chosen = chosen or "exam"
        ground_truth = {"answer": label}
    else:
        ground_truth = label
    if chosen not in TASKS:
        raise GalenRewardError(
            f"galen: no task for this item (label {str(label)[:80]!r}); put it in the label or set GALEN_DEFAULT_TASK"
        )
    item = {"task": chosen, "response": response if isinstance(response, str) else str(response), "ground_truth": ground_truth}
    if options is not None:
        item["options"] = _loads(options)
    if isinstance(prompt, str):
        item["prompt"] = prompt
    return item


def score_items(items):
    """Scores native items; returns the server's results (score, status, components, reason)."""
    if not items:
        return []
    reply = post("/v1/rewards", {"items": items})
    results = reply.get("results") if isinstance(reply, dict) else None
    if not isinstance(results, list) or len(results) != len(items):
        raise GalenRewardError("galen: the reward server answered without one result per item")
    return results

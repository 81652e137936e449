"""Plain-Python exam check, the same-run baseline of `npm run bench -- rewards`.

Reads JSON Lines of {"response", "answer", "letters"} from the file named on the command line,
scores every item the way a typical Python reward function does (strip <think> blocks, read a JSON
"answer"/"answer_choice" field, else the last "answer is X" / "answer: X" / \\boxed{X} statement,
reject hedges such as "A or C" and letters that are not options) and prints
{"items", "seconds", "cpu_seconds", "per_second", "per_cpu_second", "correct"} as JSON.
Standard library only.
"""

import json
import re
import sys
import time

THINK = re.compile(r"<think>.*?</think>", re.S)
JSON_FIELD = re.compile(r'"(?:answer|answer_choice|final_answer)"\s*:\s*"([^"]*)"', re.I)
STATEMENT = re.compile(
    r"(?:final answer|correct answer|the answer|answer|best option|correct option)\s*(?:is|:)\s*\**\s*\(?([A-Za-z])\)?(?![A-Za-z'])"
    r"(?:\s*(?:,|/|or|and)\s*\(?([A-Za-z])\)?(?![A-Za-z']))?",
    re.I,
)
BOXED = re.compile(r"\\boxed\{\s*(?:\\text\{)?\s*([A-Za-z])")
HEDGE = re.compile(r"^\s*\(?([A-Z])\)?\s*(?:or|/)\s*\(?([A-Z])\)?\s*$")


def extract(response, letters):
    if "<think>" in response:
        if "</think>" not in response:
            return None
        response = response[response.rindex("</think>") + len("</think>") :]
    response = THINK.sub("", response)
    if not response.strip():
        return None
    field = None
    for match in JSON_FIELD.finditer(response):
        field = match.group(1)
    if field is not None:
        value = field.strip()
        if HEDGE.match(value):
            return None
        first = value[:1].upper()
        return first if first in letters and (len(value) == 1 or not value[1:2].isalpha()) else None
    last = None
    for match in STATEMENT.finditer(response):
        last = match
    for match in BOXED.finditer(response):
        if last is None or match.start() > last.start():
            last = match
    if last is None:
        stripped = response.strip().strip("*().")
        return stripped.upper() if len(stripped) == 1 and stripped.upper() in letters else None
    if last.re is STATEMENT and last.group(2):
        return None
    letter = last.group(1).upper()
    return letter if letter in letters else None


def main(path):
    items = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    rounds = 0
    correct = 0
    started = time.perf_counter()
    cpu_started = time.process_time()
    while True:
        correct = 0
        for item in items:
            if extract(item["response"], item["letters"]) == item["answer"]:
                correct += 1
        rounds += 1
        if time.perf_counter() - started > 2.0:
            break
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    total = rounds * len(items)
    print(
        json.dumps(
            {
                "items": total,
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "per_second": total / seconds,
                "per_cpu_second": total / cpu_seconds,
                "correct": correct,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])

"""OpenRLHF's own remote reward client (openrlhf.utils.agent.SingleTurnAgentExecutor) against
Galen's /get_reward, with rows of `galen rl export --format openrlhf`.

    python openrlhf_check.py REWARD_URL OPENRLHF_JSONL RESPONSES_JSON

RESPONSES_JSON is a list of [item id, response text]: the queries are sent in that order, in one
batch through the client's HTTP path and then one at a time through its execute() path (the same
code a vLLM rollout runs, with a stand-in engine that returns the given response). Prints one JSON
line with the rewards of both paths, in order.
"""

import asyncio
import json
import sys
from types import SimpleNamespace

from openrlhf.utils.agent import SingleTurnAgentExecutor


class WholeTextTokenizer:
    """Stands in for the HF tokenizer: one token per character, decoded back to the same text."""

    def __call__(self, text, add_special_tokens=False, return_tensors=None):
        import torch

        return {"input_ids": torch.tensor([[ord(character) for character in text]])}

    def decode(self, ids, skip_special_tokens=False):
        return "".join(chr(value) for value in ids)


class GivenResponseEngine:
    """Stands in for a vLLM engine: 'generates' the response given for the prompt."""

    def __init__(self, response):
        self.response = response

    async def generate(self, prompt_token_ids, sampling_params, multi_modal_data=None):
        output = SimpleNamespace(token_ids=[ord(character) for character in self.response], finish_reason="stop",
                                 logprobs=None)
        return SimpleNamespace(outputs=[output])


def render(prompt):
    if isinstance(prompt, str):
        return prompt
    return "".join(f"<|{message['role']}|>\n{message['content']}\n" for message in prompt) + "<|assistant|>\n"


async def main(url, rows_file, responses_file):
    rows = {}
    with open(rows_file, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                rows[row["id"]] = row
    order = json.load(open(responses_file, encoding="utf-8"))
    executor = SingleTurnAgentExecutor(remote_rm_url=url)
    # with --apply_chat_template OpenRLHF renders chat prompts to text before the executor sees them
    prompts = [render(rows[item_id]["input"]) for item_id, _ in order]
    queries = [prompt + response for prompt, (_, response) in zip(prompts, order)]
    labels = [rows[item_id]["label"] for item_id, _ in order]
    batch = await executor._fetch_rewards_via_http(queries, prompts, labels)
    batch_rewards = batch[0]["rewards"] if batch else []
    single = []
    for (item_id, response), prompt, label in zip(order, prompts, labels):
        params = SimpleNamespace(max_tokens=64, logprobs=None)
        output = await executor.execute(prompt, label, params, 4096, WholeTextTokenizer(), GivenResponseEngine(response))
        reward = output["reward"]
        single.append(reward[0] if isinstance(reward, list) else reward)
    print(json.dumps({"batch_rewards": batch_rewards, "single_rewards": single, "n": len(order)}))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print("usage: openrlhf_check.py REWARD_URL OPENRLHF_JSONL RESPONSES_JSON", file=sys.stderr)
        sys.exit(2)
    asyncio.run(main(*sys.argv[1:]))

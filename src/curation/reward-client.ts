/**
 * A client for a reward endpoint in OpenRLHF's `/get_reward` style: POST
 * `{ "query": [prompt + response, ...], "prompts": [...], "labels": [...] }`, answer
 * `{ "rewards": [number, ...] }` aligned with `query`. Galen's own reward server speaks it.
 */
import { ApiCallError, safeParseJson } from '../errors.js'

/** Scores several texts in one call. */
export interface RewardClient {
  readonly url: string
  score(options: {
    prompt: string
    responses: readonly string[]
    label?: string
  }): Promise<number[]>
}

/** Creates a reward client. Default deadline 30 s. */
export function createRewardClient(settings: {
  url: string
  token?: string
  timeoutMs?: number
}): RewardClient {
  return {
    url: settings.url,
    async score({ prompt, responses, label }) {
      const response = await fetch(settings.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(settings.token === undefined ? {} : { authorization: `Bearer ${settings.token}` }),
        },
        body: JSON.stringify({
          query: responses.map((text) => `${prompt}\n${text}`),
          prompts: responses.map(() => prompt),
          labels: responses.map(() => label ?? ''),
        }),
        signal: AbortSignal.timeout(settings.timeoutMs ?? 30_000),
      })
      const text = await response.text()
      if (!response.ok) {
        throw new ApiCallError(`curation: reward endpoint answered ${response.status}`, {
          status: response.status,
          url: settings.url,
        })
      }
      const parsed = safeParseJson(text, 'reward reply')
      const rewards = parsed.ok
        ? (parsed.value as { rewards?: unknown } | null)?.rewards
        : undefined
      if (
        !Array.isArray(rewards) ||
        rewards.length !== responses.length ||
        !rewards.every((value) => typeof value === 'number' && Number.isFinite(value))
      ) {
        throw new ApiCallError(
          `curation: reward endpoint did not answer ${responses.length} numeric "rewards"`,
          { status: response.status, url: settings.url },
        )
      }
      return rewards as number[]
    },
  }
}

/** A reward in [0, 1] as is, anything else through the logistic function. */
export function squashReward(value: number): number {
  return value >= 0 && value <= 1 ? value : 1 / (1 + Math.exp(-value))
}

/**
 * A client for a reward endpoint in OpenRLHF's `/get_reward` style: POST
 * `{ "query": [prompt + response, ...], "prompts": [...], "labels": [...] }`, answer
 * `{ "rewards": [number, ...] }` aligned with `query`. Galen's own reward server speaks it, and
 * marks the items it could not score in `extra_logs.status_error` (a label it cannot read) and
 * `extra_logs.status_timeout`: those come back as `null`, a missing reward, never a 0.
 */
import { ApiCallError, safeParseJson } from '../errors.js'

/** Scores several texts in one call. */
export interface RewardClient {
  readonly url: string
  score(options: {
    prompt: string
    responses: readonly string[]
    label?: string
  }): Promise<Array<number | null>>
}

/** The 0/1 series of `extra_logs[key]` when it is one number per response, else undefined. */
function statusSeries(reply: unknown, key: string, length: number): unknown[] | undefined {
  const logs = (reply as { extra_logs?: unknown } | null)?.extra_logs
  if (typeof logs !== 'object' || logs === null) return undefined
  const series = (logs as Record<string, unknown>)[key]
  return Array.isArray(series) && series.length === length ? series : undefined
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
      const reply: unknown = parsed.ok ? parsed.value : undefined
      const rewards = (reply as { rewards?: unknown } | null | undefined)?.rewards
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
      const errored = statusSeries(reply, 'status_error', responses.length)
      const timedOut = statusSeries(reply, 'status_timeout', responses.length)
      return (rewards as number[]).map((value, index) =>
        errored?.[index] === 1 || timedOut?.[index] === 1 ? null : value,
      )
    },
  }
}

/** A reward in [0, 1] as is, anything else through the logistic function. */
export function squashReward(value: number): number {
  return value >= 0 && value <= 1 ? value : 1 / (1 + Math.exp(-value))
}

/**
 * The reward server's metrics in the Prometheus text format: requests by endpoint and code,
 * items by task and status, request latency as a histogram, requests in flight, memory.
 */
import { VERIFIER_STATUSES } from '../verifiers/index.js'

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

interface Histogram {
  counts: number[]
  sum: number
  count: number
}

/** Counters of a reward server. */
export class RewardMetrics {
  private readonly requests = new Map<string, number>()
  private readonly items = new Map<string, number>()
  private readonly latency = new Map<string, Histogram>()
  private readonly started = Date.now()
  /** Requests being processed now. */
  inFlight = 0

  /** Counts a finished request and its duration. */
  recordRequest(endpoint: string, code: number, seconds: number): void {
    const key = `${endpoint}|${code}`
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1)
    let histogram = this.latency.get(endpoint)
    if (histogram === undefined) {
      histogram = { counts: new Array<number>(LATENCY_BUCKETS.length).fill(0), sum: 0, count: 0 }
      this.latency.set(endpoint, histogram)
    }
    histogram.sum += seconds
    histogram.count += 1
    for (let index = 0; index < LATENCY_BUCKETS.length; index += 1) {
      if (seconds <= (LATENCY_BUCKETS[index] as number)) {
        histogram.counts[index] = (histogram.counts[index] as number) + 1
        break
      }
    }
  }

  /** Counts a scored item. */
  recordItem(task: string, status: string): void {
    const key = `${task}|${status}`
    this.items.set(key, (this.items.get(key) ?? 0) + 1)
  }

  /** Total items counted so far. */
  get itemCount(): number {
    let total = 0
    for (const value of this.items.values()) total += value
    return total
  }

  /** Renders every metric in the Prometheus text exposition format (version 0.0.4). */
  render(): string {
    const lines: string[] = []
    lines.push(
      '# HELP galen_reward_requests_total HTTP requests answered, by endpoint and status code.',
    )
    lines.push('# TYPE galen_reward_requests_total counter')
    for (const [key, value] of [...this.requests].sort()) {
      const [endpoint, code] = key.split('|')
      lines.push(`galen_reward_requests_total{endpoint="${endpoint}",code="${code}"} ${value}`)
    }
    lines.push('# HELP galen_reward_items_total Items scored, by task and verifier status.')
    lines.push('# TYPE galen_reward_items_total counter')
    const tasks = new Set<string>()
    for (const key of this.items.keys()) tasks.add(key.split('|')[0] as string)
    for (const task of [...tasks].sort()) {
      for (const status of VERIFIER_STATUSES) {
        lines.push(
          `galen_reward_items_total{task="${task}",status="${status}"} ${this.items.get(`${task}|${status}`) ?? 0}`,
        )
      }
    }
    lines.push('# HELP galen_reward_request_duration_seconds Time to answer a request.')
    lines.push('# TYPE galen_reward_request_duration_seconds histogram')
    for (const [endpoint, histogram] of [...this.latency].sort()) {
      let cumulative = 0
      LATENCY_BUCKETS.forEach((bound, index) => {
        cumulative += histogram.counts[index] as number
        lines.push(
          `galen_reward_request_duration_seconds_bucket{endpoint="${endpoint}",le="${bound}"} ${cumulative}`,
        )
      })
      lines.push(
        `galen_reward_request_duration_seconds_bucket{endpoint="${endpoint}",le="+Inf"} ${histogram.count}`,
      )
      lines.push(
        `galen_reward_request_duration_seconds_sum{endpoint="${endpoint}"} ${histogram.sum.toFixed(6)}`,
      )
      lines.push(
        `galen_reward_request_duration_seconds_count{endpoint="${endpoint}"} ${histogram.count}`,
      )
    }
    lines.push('# HELP galen_reward_requests_in_flight Requests being processed.')
    lines.push('# TYPE galen_reward_requests_in_flight gauge')
    lines.push(`galen_reward_requests_in_flight ${this.inFlight}`)
    const memory = process.memoryUsage()
    lines.push('# HELP galen_reward_resident_memory_bytes Resident set size of the server process.')
    lines.push('# TYPE galen_reward_resident_memory_bytes gauge')
    lines.push(`galen_reward_resident_memory_bytes ${memory.rss}`)
    lines.push('# HELP galen_reward_heap_used_bytes JavaScript heap in use.')
    lines.push('# TYPE galen_reward_heap_used_bytes gauge')
    lines.push(`galen_reward_heap_used_bytes ${memory.heapUsed}`)
    const cpu = process.cpuUsage()
    lines.push('# HELP process_cpu_seconds_total User and system CPU time of the server process.')
    lines.push('# TYPE process_cpu_seconds_total counter')
    lines.push(`process_cpu_seconds_total ${((cpu.user + cpu.system) / 1e6).toFixed(3)}`)
    lines.push('# HELP galen_reward_uptime_seconds Seconds since the server started.')
    lines.push('# TYPE galen_reward_uptime_seconds gauge')
    lines.push(`galen_reward_uptime_seconds ${((Date.now() - this.started) / 1000).toFixed(1)}`)
    return `${lines.join('\n')}\n`
  }
}

/**
 * Request metrics of the HTTP service in Prometheus text format: counts by route and status, and a
 * latency histogram by route.
 */

const BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

/** Collects request counts and latencies. */
export interface ServiceMetrics {
  observe(options: { route: string; status: number; seconds: number }): void
  /** Adds to a named counter (for example answers by mode). */
  count(options: { name: string; labels?: Record<string, string>; value?: number }): void
  render(): string
}

function labelText(labels: Record<string, string>): string {
  const entries = Object.entries(labels)
  if (entries.length === 0) return ''
  return `{${entries.map(([key, value]) => `${key}="${value.replace(/["\\\n]/g, '_')}"`).join(',')}}`
}

/** Creates an in-memory metrics registry. */
export function createServiceMetrics(prefix = 'galen'): ServiceMetrics {
  const requests = new Map<string, number>()
  const histograms = new Map<string, { buckets: number[]; sum: number; count: number }>()
  const counters = new Map<string, Map<string, number>>()
  const started = Date.now()
  return {
    observe({ route, status, seconds }) {
      const key = labelText({ route, status: String(status) })
      requests.set(key, (requests.get(key) ?? 0) + 1)
      let histogram = histograms.get(route)
      if (histogram === undefined) {
        histogram = { buckets: BUCKETS_SECONDS.map(() => 0), sum: 0, count: 0 }
        histograms.set(route, histogram)
      }
      BUCKETS_SECONDS.forEach((bound, position) => {
        if (seconds <= bound)
          (histogram as { buckets: number[] }).buckets[position] =
            ((histogram as { buckets: number[] }).buckets[position] ?? 0) + 1
      })
      histogram.sum += seconds
      histogram.count += 1
    },
    count({ name, labels = {}, value = 1 }) {
      let series = counters.get(name)
      if (series === undefined) {
        series = new Map()
        counters.set(name, series)
      }
      const key = labelText(labels)
      series.set(key, (series.get(key) ?? 0) + value)
    },
    render() {
      const lines: string[] = []
      lines.push(`# HELP ${prefix}_http_requests_total HTTP requests by route and status.`)
      lines.push(`# TYPE ${prefix}_http_requests_total counter`)
      for (const [labels, value] of requests)
        lines.push(`${prefix}_http_requests_total${labels} ${value}`)
      lines.push(`# HELP ${prefix}_http_request_duration_seconds Request latency by route.`)
      lines.push(`# TYPE ${prefix}_http_request_duration_seconds histogram`)
      for (const [route, histogram] of histograms) {
        BUCKETS_SECONDS.forEach((bound, position) => {
          lines.push(
            `${prefix}_http_request_duration_seconds_bucket${labelText({ route, le: String(bound) })} ${histogram.buckets[position] ?? 0}`,
          )
        })
        lines.push(
          `${prefix}_http_request_duration_seconds_bucket${labelText({ route, le: '+Inf' })} ${histogram.count}`,
        )
        lines.push(
          `${prefix}_http_request_duration_seconds_sum${labelText({ route })} ${histogram.sum.toFixed(6)}`,
        )
        lines.push(
          `${prefix}_http_request_duration_seconds_count${labelText({ route })} ${histogram.count}`,
        )
      }
      for (const [name, series] of counters) {
        lines.push(`# TYPE ${prefix}_${name} counter`)
        for (const [labels, value] of series) lines.push(`${prefix}_${name}${labels} ${value}`)
      }
      lines.push(`# TYPE ${prefix}_uptime_seconds gauge`)
      lines.push(`${prefix}_uptime_seconds ${((Date.now() - started) / 1000).toFixed(0)}`)
      return `${lines.join('\n')}\n`
    },
  }
}

/**
 * Property tests explore random inputs on developer machines; under CI they use one fixed seed so
 * that a run is reproducible (a failure found locally is fixed and kept as a plain regression test).
 * Set GALEN_FC_SEED to replay a seed.
 */
import fc from 'fast-check'

const seed =
  process.env.GALEN_FC_SEED ??
  (process.env.CI === 'true' || process.env.CI === '1' ? '20261126' : undefined)
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) })

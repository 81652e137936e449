/**
 * An open-addressing hash table from feature keys (integers up to 2^53) to rows. A `Map` with
 * such keys hashes heap numbers slowly; this table hashes the two 32-bit halves and probes
 * typed arrays, which makes the tagger several times faster.
 */
const TWO_32 = 4294967296

function hash(key: number): number {
  const low = (key % TWO_32) | 0
  const high = Math.floor(key / TWO_32) | 0
  // murmur3's finaliser: every input bit reaches the low bits the mask keeps
  let value = Math.imul(high ^ Math.imul(low, 0x9e3779b1), 0x85ebca6b)
  value ^= value >>> 13
  value = Math.imul(value, 0xc2b2ae35)
  return value ^ (value >>> 16)
}

/** Feature key to row index. */
export class FeatureTable {
  private keys: Float64Array
  private rows: Int32Array
  private mask: number
  size = 0

  constructor(capacity = 1024) {
    let slots = 16
    while (slots < capacity * 2) slots *= 2
    this.keys = new Float64Array(slots)
    this.rows = new Int32Array(slots).fill(-1)
    this.mask = slots - 1
  }

  /** The row of a key, or -1. */
  get(key: number): number {
    let slot = hash(key) & this.mask
    for (;;) {
      const row = this.rows[slot] as number
      if (row === -1) return -1
      if (this.keys[slot] === key) return row
      slot = (slot + 1) & this.mask
    }
  }

  /** Sets the row of a key (adds it or overwrites it). */
  set(key: number, row: number): void {
    if ((this.size + 1) * 2 > this.rows.length) this.grow()
    let slot = hash(key) & this.mask
    for (;;) {
      const existing = this.rows[slot] as number
      if (existing === -1) {
        this.keys[slot] = key
        this.rows[slot] = row
        this.size += 1
        return
      }
      if (this.keys[slot] === key) {
        this.rows[slot] = row
        return
      }
      slot = (slot + 1) & this.mask
    }
  }

  /** Every key with its row. */
  *entries(): IterableIterator<[number, number]> {
    for (let slot = 0; slot < this.rows.length; slot += 1) {
      const row = this.rows[slot] as number
      if (row !== -1) yield [this.keys[slot] as number, row]
    }
  }

  private grow(): void {
    const keys = this.keys
    const rows = this.rows
    this.keys = new Float64Array(keys.length * 2)
    this.rows = new Int32Array(rows.length * 2).fill(-1)
    this.mask = this.rows.length - 1
    this.size = 0
    for (let slot = 0; slot < rows.length; slot += 1) {
      const row = rows[slot] as number
      if (row !== -1) this.set(keys[slot] as number, row)
    }
  }
}

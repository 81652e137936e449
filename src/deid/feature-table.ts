/**
 * An open-addressing hash table from features to weight rows. A feature is two 32-bit integers
 * (see `featureCodes` in `tagger-features.ts`); keeping them as integers, not one 53-bit
 * number, lets the hash and the probe run on integer arithmetic only, which matters because the
 * tagger looks up about 30 features for every token. Slots are interleaved `[high, low, row]`
 * in one `Int32Array`, so a probe touches one cache line.
 */

function hash(high: number, low: number): number {
  // murmur3's finaliser over a mix of both halves: every input bit reaches the kept low bits
  let value = Math.imul(high ^ Math.imul(low, 0x9e3779b1), 0x85ebca6b)
  value ^= value >>> 13
  value = Math.imul(value, 0xc2b2ae35)
  return value ^ (value >>> 16)
}

/** Feature (two 32-bit halves) to row index. */
export class FeatureTable {
  private slots: Int32Array
  private mask: number
  size = 0

  /**
   * @param capacity features expected (the table grows past it)
   * @param slotsPerFeature slots kept per feature (a power of two, default 4): at most a quarter
   *   full suits lookups that mostly miss, as a miss ends at the first empty slot; 2 halves the
   *   memory where lookups mostly hit (training)
   */
  constructor(
    capacity = 1024,
    private readonly slotsPerFeature = 4,
  ) {
    let count = 16
    while (count < capacity * slotsPerFeature) count *= 2
    this.slots = FeatureTable.empty(count)
    this.mask = count - 1
  }

  private static empty(count: number): Int32Array {
    const slots = new Int32Array(count * 3)
    for (let slot = 2; slot < slots.length; slot += 3) slots[slot] = -1
    return slots
  }

  /** The row of a feature, or -1. */
  get(high: number, low: number): number {
    const slots = this.slots
    const mask = this.mask
    let slot = hash(high, low) & mask
    for (;;) {
      const at = slot * 3
      const row = slots[at + 2] as number
      if (row === -1) return -1
      if (slots[at] === high && slots[at + 1] === low) return row
      slot = (slot + 1) & mask
    }
  }

  /** Sets the row of a feature (adds it or overwrites it). */
  set(high: number, low: number, row: number): void {
    if ((this.size + 1) * this.slotsPerFeature > this.mask + 1) this.grow()
    let slot = hash(high, low) & this.mask
    for (;;) {
      const at = slot * 3
      const existing = this.slots[at + 2] as number
      if (existing === -1) {
        this.slots[at] = high
        this.slots[at + 1] = low
        this.slots[at + 2] = row
        this.size += 1
        return
      }
      if (this.slots[at] === high && this.slots[at + 1] === low) {
        this.slots[at + 2] = row
        return
      }
      slot = (slot + 1) & this.mask
    }
  }

  /** Every feature with its row, as `[high, low, row]`. */
  *entries(): IterableIterator<[number, number, number]> {
    const slots = this.slots
    for (let at = 0; at < slots.length; at += 3) {
      const row = slots[at + 2] as number
      if (row !== -1) yield [slots[at] as number, slots[at + 1] as number, row]
    }
  }

  private grow(): void {
    const old = this.slots
    const count = (this.mask + 1) * 2
    this.slots = FeatureTable.empty(count)
    this.mask = count - 1
    this.size = 0
    for (let at = 0; at < old.length; at += 3) {
      const row = old[at + 2] as number
      if (row !== -1) this.set(old[at] as number, old[at + 1] as number, row)
    }
  }
}

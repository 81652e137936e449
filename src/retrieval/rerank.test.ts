import { describe, expect, it } from 'vitest'
import { placeLowAuthority } from './rerank.js'
import type { AuthorityLevel } from './source-metadata.js'

function entry(
  id: string,
  authority: AuthorityLevel,
  baseRelevance: number,
  relevance = baseRelevance,
) {
  return { id, authority, baseRelevance, relevance }
}

describe('placeLowAuthority', () => {
  it('puts a level-E hit below A-C hits that are nearly as relevant, and caps its score', () => {
    const ranked = placeLowAuthority(
      [
        entry('forum', 'E', 1, 1.03),
        entry('review', 'C', 0.97, 1.02),
        entry('cochrane', 'B', 0.82, 0.9),
        entry('other', 'A', 0.3, 0.4),
      ],
      0.5,
    )
    expect(ranked.map((item) => item.id)).toEqual(['review', 'cochrane', 'forum', 'other'])
    expect(ranked[2]?.relevance).toBe(0.9)
  })

  it('leaves a level-E hit first when no A-C hit comes close, and D hits where they are', () => {
    const ranked = placeLowAuthority(
      [entry('forum', 'E', 1), entry('leaflet', 'D', 0.9), entry('weak', 'A', 0.4)],
      0.5,
    )
    expect(ranked.map((item) => item.id)).toEqual(['forum', 'leaflet', 'weak'])
  })

  it('is off at share 0', () => {
    const entries = [entry('forum', 'E', 1), entry('review', 'C', 0.9)]
    expect(placeLowAuthority(entries, 0).map((item) => item.id)).toEqual(['forum', 'review'])
  })
})

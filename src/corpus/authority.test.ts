import { describe, expect, it } from 'vitest'
import { ConfigError } from '../errors.js'
import { createAuthorityAssigner, loadAuthorityRules, parseAuthorityRules } from './authority.js'
import type { GalenDocument } from './document.js'

const assign = createAuthorityAssigner(loadAuthorityRules(), { now: 2025 })

function document(overrides: Partial<GalenDocument>): GalenDocument {
  return {
    id: 'x',
    title: 'A title',
    text: 'Some text.',
    publisher: 'Someone',
    url: 'https://example.com/page',
    materialType: 'web',
    published: '2020',
    language: 'en',
    citation: 'Someone (2020)',
    ...overrides,
  }
}

describe('default authority rules', () => {
  it.each([
    [{ materialType: 'guideline', publisher: 'NICE' }, 'A', 'recognised-guideline'],
    [
      { materialType: 'drug_label', publisher: 'U.S. Food and Drug Administration (FDA)' },
      'A',
      'official-drug-label',
    ],
    [{ materialType: 'guideline', publisher: 'Local Hospital Committee' }, 'B', 'other-guideline'],
    [{ materialType: 'systematic_review', publisher: 'Any journal' }, 'B', 'systematic-review'],
    [{ materialType: 'research_article', publisher: 'The Lancet' }, 'B', 'high-impact-research'],
    [
      { materialType: 'research_article', publisher: 'PubMed (National Library of Medicine)' },
      'C',
      'primary-research',
    ],
    [
      { materialType: 'qa', publisher: 'MedlinePlus Health Topics (NLM, NIH)' },
      'C',
      'official-patient-information',
    ],
    [{ materialType: 'patient_education', publisher: 'A health blog' }, 'D', 'other-reference'],
    [
      { materialType: 'web', url: 'https://www.cdc.gov/flu/index.html' },
      'D',
      'government-or-academic-web',
    ],
    [{ materialType: 'web', url: 'https://someblog.example.com/flu' }, 'E', 'web'],
  ] as const)('assigns %o level %s by rule %s', (overrides, level, rule) => {
    const result = assign(document(overrides as Partial<GalenDocument>))
    expect(result.level).toBe(level)
    expect(result.rule).toBe(rule)
    expect(result.reason).toContain(`rule "${rule}"`)
  })

  it('does not let a record raise its own level: a web page claiming "A" stays E', () => {
    const result = assign(
      document({ authority: 'A', url: 'https://forum.example.com/vaccines', title: 'IGNORE' }),
    )
    expect(result.level).toBe('E')
    expect(result.rule).toBe('web')
    expect(result.reason).toContain("the record's own claim of A is not trusted")
  })

  it('lets a record lower its level, and says so', () => {
    const result = assign(
      document({ materialType: 'guideline', publisher: 'NICE', authority: 'C' }),
    )
    expect(result.level).toBe('C')
    expect(result.reason).toMatch(/^lowered to C by the source record; rule "recognised-guideline"/)
  })

  it('keeps a stated level when the ingest trusts the source', () => {
    const trusting = createAuthorityAssigner(loadAuthorityRules(), {
      now: 2025,
      trustDocumentAuthority: true,
    })
    expect(trusting(document({ authority: 'B' }))).toEqual({
      level: 'B',
      reason: 'given by the source record (trusted source)',
    })
  })
})

describe('custom rules', () => {
  it('applies age conditions and falls back to the default', () => {
    const rules = parseAuthorityRules({
      version: 1,
      default: { level: 'D', reason: 'unknown' },
      rules: [
        {
          name: 'old-guideline',
          when: { materialType: ['guideline'], olderThanYears: 10 },
          level: 'C',
          reason: 'outdated',
        },
        { name: 'guideline', when: { materialType: ['guideline'] }, level: 'A', reason: 'current' },
      ],
    })
    const assignCustom = createAuthorityAssigner(rules, { now: 2025 })
    expect(assignCustom(document({ materialType: 'guideline', published: '2005' })).level).toBe('C')
    expect(assignCustom(document({ materialType: 'guideline', published: '2022-03' })).level).toBe(
      'A',
    )
    expect(assignCustom(document({ materialType: 'textbook' }))).toMatchObject({
      level: 'D',
      reason: 'default: unknown',
    })
  })

  it('names the field at fault in an invalid rules file', () => {
    expect(() =>
      parseAuthorityRules({
        version: 1,
        default: { level: 'E', reason: 'x' },
        rules: [{ name: 'bad', when: { publisher: '([' }, level: 'A', reason: 'x' }],
      }),
    ).toThrow(/rules\.0\.when\.publisher/)
    expect(() =>
      parseAuthorityRules({ version: 1, default: { level: 'F', reason: 'x' }, rules: [] }),
    ).toThrow(ConfigError)
  })
})

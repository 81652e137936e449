import { describe, expect, it } from 'vitest'
import { parseAnswerSettings } from './answer-settings.js'

describe('parseAnswerSettings', () => {
  it('reads the evidence policy of the answer section', () => {
    expect(parseAnswerSettings(undefined)).toEqual({})
    expect(parseAnswerSettings({ evidence: { minRelevance: 0.4, authorityFloor: 'E' } })).toEqual({
      evidencePolicy: { minRelevance: 0.4, authorityFloor: 'E' },
    })
    expect(parseAnswerSettings({ evidence: false })).toEqual({ evidencePolicy: false })
  })

  it('names the key of an invalid value', () => {
    expect(() => parseAnswerSettings({ evidence: { minRelevance: 2 } })).toThrow(
      /"answer\.evidence\.minRelevance" is invalid/,
    )
    expect(() => parseAnswerSettings({ evidence: { floor: 'E' } })).toThrow(/answer\.evidence/)
  })
})

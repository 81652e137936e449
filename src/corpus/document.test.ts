import { describe, expect, it } from 'vitest'
import { safeParseDocument } from './document.js'

const base = {
  id: 'd1',
  title: 'A page',
  text: 'Some text.',
  publisher: 'Someone',
  url: 'https://example.org/page',
  materialType: 'web',
  language: 'en',
  citation: 'Someone (2024)',
}

describe('safeParseDocument URL schemes', () => {
  it.each(['https://example.org/a', 'http://example.org/a', 'file:///srv/docs/a.md'])(
    'accepts %s',
    (url) => {
      expect(safeParseDocument({ ...base, url }).ok).toBe(true)
    },
  )

  it.each([
    'javascript:alert(1)',
    ' JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    'example.org/no-scheme',
  ])('refuses %j with the field named', (url) => {
    const parsed = safeParseDocument({ ...base, url }, 'docs.jsonl line 1')
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.error.message).toMatch(/url.*http\(s\):\/\/ or file:\/\//)
  })
})

/**
 * Surface forms of WebNLG-style entity values (DBpedia names, literals, dates, quantities with
 * units) and how a learned template says which form a slot takes.
 */
import { displayEntity } from './surface.js'

/** How a slot renders its entity. */
export type EntityForm = 'full' | 'raw' | 'bare' | 'date-mdy' | 'date-dmy' | 'date-ordinal' | 'iso'

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

function ordinal(day: number): string {
  if (day % 100 >= 11 && day % 100 <= 13) return `${day}th`
  return `${day}${['th', 'st', 'nd', 'rd'][day % 10] ?? 'th'}`
}

function isoDate(value: string): { year: string; month: string; day: number } | undefined {
  const match = /^"?(\d{4})-(\d{2})-(\d{2})"?$/.exec(value.trim())
  if (match === null) return undefined
  const month = MONTHS[Number(match[2]) - 1]
  if (month === undefined) return undefined
  return { year: match[1] as string, month, day: Number(match[3]) }
}

/** The entity rendered in a form; undefined when the form does not apply to it. */
export function renderEntity(value: string, form: EntityForm): string | undefined {
  const display = displayEntity(value)
  const parenthetical = /^(.*?)\s*\(([^()]*)\)$/.exec(display)
  switch (form) {
    case 'full':
      // A quantity keeps its unit ("17068.8 millimetres"); a name drops its disambiguator
      // ("Squeeze (The Velvet Underground album)" → "Squeeze").
      if (parenthetical === null) return display
      if (/^[-+]?[\d.,]+$/.test(parenthetical[1] ?? ''))
        return `${parenthetical[1]} ${parenthetical[2]}`.trim()
      return parenthetical[1] === '' ? display : parenthetical[1]
    case 'raw':
      return parenthetical === null ? undefined : display
    case 'bare':
      return parenthetical === null || parenthetical[1] === '' ? undefined : parenthetical[1]
    case 'iso':
      return isoDate(value) === undefined ? undefined : display
    case 'date-mdy': {
      const date = isoDate(value)
      return date === undefined ? undefined : `${date.month} ${date.day}, ${date.year}`
    }
    case 'date-dmy': {
      const date = isoDate(value)
      return date === undefined ? undefined : `${date.day} ${date.month} ${date.year}`
    }
    case 'date-ordinal': {
      const date = isoDate(value)
      return date === undefined ? undefined : `${ordinal(date.day)} ${date.month} ${date.year}`
    }
  }
}

/** Every form that applies to the value, longest text first (the order to look for them in). */
export function entityForms(value: string): Array<{ form: EntityForm; text: string }> {
  const forms: Array<{ form: EntityForm; text: string }> = []
  const seen = new Set<string>()
  for (const form of [
    'full',
    'raw',
    'date-mdy',
    'date-dmy',
    'date-ordinal',
    'iso',
    'bare',
  ] as const) {
    const text = renderEntity(value, form)
    if (text === undefined || text === '' || seen.has(text.toLowerCase())) continue
    seen.add(text.toLowerCase())
    forms.push({ form, text })
  }
  return forms.sort((left, right) => right.text.length - left.text.length)
}

/**
 * Surrogate places that read as real: street addresses, towns, institutions and employers drawn
 * from short lists written for Galen (demonstration material: ordinary English place-name
 * elements, common to many US states, not taken from any note or directory; any match with a
 * real place is a coincidence of common words). Surrogate mode writes them in place of the
 * original, keeping its case (UPPER, lower, Title).
 */
import type { PhiType } from './types.js'

/** Street names (the part before the suffix). */
export const SURROGATE_STREETS: readonly string[] = [
  'Maple',
  'Oak',
  'Cedar',
  'Elm',
  'Pine',
  'Walnut',
  'Chestnut',
  'Willow',
  'Birch',
  'Hickory',
  'Spruce',
  'Laurel',
  'Juniper',
  'Magnolia',
  'Sycamore',
  'Park',
  'Lake',
  'Hill',
  'Church',
  'Mill',
  'River',
  'Spring',
  'Ridge',
  'Meadow',
  'Highland',
  'Sunset',
  'Forest',
  'Orchard',
  'Brook',
  'Valley',
  'Prospect',
  'Pleasant',
  'Summit',
  'Harbor',
  'Bridge',
  'Market',
  'School',
  'North',
  'Grove',
  'Garden',
  'Franklin',
  'Jefferson',
  'Madison',
  'Monroe',
  'Jackson',
  'Adams',
  'Hamilton',
  'Clinton',
  'Warren',
  'Putnam',
]

/** Street suffixes. */
export const SURROGATE_STREET_SUFFIXES: readonly string[] = [
  'Street',
  'Avenue',
  'Road',
  'Lane',
  'Drive',
  'Court',
  'Way',
  'Place',
  'Terrace',
  'Boulevard',
]

/** Town names built from common English place-name elements. */
export const SURROGATE_TOWNS: readonly string[] = [
  'Millbrook',
  'Fairview',
  'Oakdale',
  'Riverton',
  'Cedar Falls',
  'Maple Grove',
  'Brookfield',
  'Westfield',
  'Clearwater',
  'Pine Hill',
  'Lakeside',
  'Greenfield',
  'Ashford',
  'Elmwood',
  'Stonebridge',
  'Hillsdale',
  'Northbrook',
  'Springdale',
  'Glenwood',
  'Fox Hollow',
  'Bay Ridge',
  'Harborview',
  'Eastwood',
  'Kingsley',
  'Milford Center',
  'Rockport',
  'Sandy Creek',
  'Willow Bend',
  'Oak Harbor',
  'Mapleton',
]

/** Hospitals and clinics. */
export const SURROGATE_INSTITUTIONS: readonly string[] = [
  'Riverside General Hospital',
  'Lakeview Community Hospital',
  'Northgate Medical Center',
  'Hillcrest Rehabilitation Center',
  'Cedar Valley Clinic',
  'Fairview Regional Medical Center',
  'St. Brendan Hospital',
  'Mercy Ridge Hospital',
  'Brookside Health Center',
  'Westfield Memorial Hospital',
  'Oakdale Nursing and Rehabilitation',
  'Summit Valley Hospital',
  'Harbor Point Medical Center',
  'Greenfield County Hospital',
  'Pine Hill Family Practice',
  'Millbrook Veterans Clinic',
]

/** Employers and other organisations. */
export const SURROGATE_ORGANISATIONS: readonly string[] = [
  'Northfield Logistics',
  'Bayside Printing',
  'Keystone Builders',
  'Summit Insurance Group',
  'Riverbend Foods',
  'Granite State Freight',
  'Clearview Software',
  'Harbor Marine Supply',
  'Oakridge Hardware',
  'Lakeshore Transit',
]

const FACILITY_WORDS =
  /\b(?:hospital|hosp|medical|center|centre|ctr|clinic|rehab|rehabilitation|memorial|health|nursing|infirmary|hospice|institute|university|univ)\b/i

function pick(list: readonly string[], hash: number): string {
  return list[hash % list.length] ?? list[0] ?? ''
}

/** Writes `value` in the case of `original`: UPPER, lower or as listed. */
export function matchCaseOf(original: string, value: string): string {
  const letters = original.replace(/[^A-Za-z]/g, '')
  if (letters.length > 1 && letters === letters.toUpperCase()) return value.toUpperCase()
  if (letters.length > 0 && letters === letters.toLowerCase()) return value.toLowerCase()
  return value
}

/**
 * A surrogate for a street address, town, institution or employer; `undefined` for other
 * types. `hash` picks the entry (the same original with the same seed gets the same one).
 */
export function placeSurrogate(type: PhiType, original: string, hash: number): string | undefined {
  switch (type) {
    case 'ADDRESS': {
      const number = /^\s*(\d+)/.exec(original)?.[1]
      const house =
        number === undefined
          ? ''
          : `${String((hash % 9) + 1)}${String(hash)
              .padStart(number.length, '0')
              .slice(0, number.length - 1)} `
      const street = `${pick(SURROGATE_STREETS, hash)} ${pick(SURROGATE_STREET_SUFFIXES, hash >>> 8)}`
      return matchCaseOf(original, `${house}${street}`)
    }
    case 'HOSPITAL':
      return matchCaseOf(original, pick(SURROGATE_INSTITUTIONS, hash))
    case 'LOCATION':
      return matchCaseOf(
        original,
        FACILITY_WORDS.test(original)
          ? pick(SURROGATE_INSTITUTIONS, hash)
          : /\b(?:inc|llc|corp|co|company|logistics|group|services|industries)\b/i.test(original)
            ? pick(SURROGATE_ORGANISATIONS, hash)
            : pick(SURROGATE_TOWNS, hash),
      )
    default:
      return undefined
  }
}

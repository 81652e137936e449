import { describe, expect, it } from 'vitest'
import { detectPhi } from './index.js'

function found(text: string): Array<[string, string]> {
  return detectPhi(text).map((span) => [span.type, text.slice(span.start, span.end)])
}

function values(text: string): string[] {
  return found(text).map(([, value]) => value)
}

describe('numeric dates and look-alikes', () => {
  it('keeps pain scores, murmur grades, fractions and ventilator settings', () => {
    expect(
      found(
        'C/O 5/10 incisional pain, CP 3/10 after NTG. +3/6 SEM. Lt 1/2 diminished. ' +
          'Remains on 10/5 BIPAP, peep 5/5. CO/CI 5/3.',
      ),
    ).toEqual([])
  })

  it('finds dates next to a colon, a ventilator word or "in which"', () => {
    expect(values('PRESENT HX:8/30 lethargy. MVA 12/07: tibia fx.')).toEqual(['8/30', '12/07'])
    expect(values('Vent via trach (placed 8/14). Plan to wean and extubate 6/17.')).toEqual([
      '8/14',
      '6/17',
    ])
    expect(values('Accident 12/7 in which she broke a hip.')).toEqual(['12/7'])
    expect(values('Weaning trial today, extubated 8/5, cpap trial 8/6 @ 1400.')).toEqual([
      '8/5',
      '8/6',
    ])
    expect(values('S/P low anterior resection in 1/3. Head CT 1/1 neg.')).toEqual(['1/3', '1/1'])
  })

  it('reads a fraction as a date after a date cue and a day range before a month', () => {
    expect(values('Line placed on 1/2.')).toEqual(['1/2'])
    expect(values('progress note 1->2 nov')).toEqual(['1->2 nov'])
  })
})

describe('places', () => {
  it('leaves states, as Safe Harbor allows, and finds cities and DC', () => {
    expect(
      found('Sister lives in California, brother went back to FLA. Son lives in Towson.'),
    ).toEqual([['LOCATION', 'Towson']])
    expect(found('Her friend lives in DC.')).toEqual([['LOCATION', 'DC']])
  })

  it('finds a proper noun after "in", "from" or "at" without a verb, not a medical word', () => {
    expect(values('Sister called from Dunrik today.')).toEqual(['Dunrik'])
    expect(values('Had a bed @ Niswalmar but needs rescreening.')).toEqual(['Niswalmar'])
    expect(found('IMPROVEMENT IN HEMATURIA. BLEEDING FROM ANTECUBITAL SITE.')).toEqual([])
    expect(found('53 yo woman from the Bahamas, thought she was in Conneticut.')).toEqual([])
  })

  it('finds regions and localities', () => {
    expect(values('Was on vacation on the Eastern Shore when it began.')).toEqual(['Eastern Shore'])
    expect(values('FAMILY ARRIVED FROM THE WESTERN SHORE AT 2 AM.')).toEqual(['WESTERN SHORE'])
    expect(values('Planning session on North Campus today.')).toEqual(['North Campus'])
    expect(values('Lives in a shelter in Brandmere area.')).toEqual(['Brandmere'])
  })

  it('keeps a facility suffix with a known facility name', () => {
    expect(found('Bed offered at Sacred Heart Memorial today.')).toEqual([
      ['HOSPITAL', 'Sacred Heart Memorial'],
    ])
  })

  it('takes no rhythm for a saint and no dose for a street', () => {
    expect(found('SR TO ST HR 110, ST CHANGES NOTED. GIVEN 4.0 KCL NOT GIVEN DR')).toEqual([])
    expect(found('Transferred to St. Agnes.')).toEqual([['HOSPITAL', 'St. Agnes']])
    expect(found('MILRINONE @2200 PER DR. MARLOWE.')).toEqual([['NAME', 'MARLOWE']])
  })

  it('takes no drug, device or misspelt word after "to", "on" or "via" for a place', () => {
    expect(
      found('Started on Zarvacillin 500mg. Mech vented via PB7200 vent. Is to recieve 1 bag.'),
    ).toEqual([])
  })
})

describe('names', () => {
  it('finds the other names of a list of people', () => {
    expect(values('Both Suzanne and Hank are his proxies.')).toEqual(['Suzanne', 'Hank'])
    expect(values('Sons Teddy, Morris and Roger in to visit.')).toEqual([
      'Teddy',
      'Morris',
      'Roger',
    ])
  })

  it('splits a relation glued to a name and keeps initials with their name', () => {
    expect(values('SOCIAL: DAUGHTER-MARLA CALLED.')).toEqual(['MARLA'])
    expect(values("cash counted by nsg (k. marlowe and j. o'hara) today")).toEqual([
      'k. marlowe',
      "j. o'hara",
    ])
    expect(values('Dr. o rourke in room.')).toEqual(['o rourke'])
  })

  it('takes no clinical shorthand, language or device for a name', () => {
    expect(
      found(
        'Insulin per SS, in NSR, on IMV 14 with DKA. Quinton catheter placed. ' +
          'Speaks Russian, English limited. Plan to recieve lasix.',
      ),
    ).toEqual([])
  })

  it('reads "MS" and "MR" in capitals as findings and "PA" before a number as an artery', () => {
    expect(found('No change in MS. Aspiration precautions. Known MR. Given lasix.')).toEqual([])
    expect(found('New PA line placed. Hemodynamics PA 54/18.')).toEqual([])
    expect(found('Ms. Harlow is awake.')).toEqual([['NAME', 'Harlow']])
  })

  it('needs a dictionary name after a lone preposition', () => {
    expect(found('Wound covered with Bactoban, dressed with Gelfoam.')).toEqual([])
    expect(values('Line ok to use per Warren Kavaliunas NP.')).toEqual(['Warren Kavaliunas'])
  })
})

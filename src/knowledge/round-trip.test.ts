import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { hasSharedData, sharedDataPath } from '../../test/support/shared-data.js'
import { checkConsistency } from './consistency.js'
import { importTriples } from './import-triples.js'
import type { Language } from './predicates.js'
import type { Triple } from './triples.js'
import { createTemplateVerbalizer } from './verbalize.js'

/** A small seeded generator (mulberry32), so the sample is the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let value = state
    value = Math.imul(value ^ (value >>> 15), value | 1)
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61)
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296
  }
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let index = items.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1))
    const swap = items[index] as T
    items[index] = items[other] as T
    items[other] = swap
  }
  return items
}

const SOURCES: ReadonlyArray<{ path: string; phenotypeNames?: string }> = [
  { path: 'terminology/disease-ontology/HumanDO.tsv' },
  { path: 'terminology/disease-ontology/ICD10inDO.tsv' },
  { path: 'terminology/disease-ontology/disease-symptom.tsv' },
  { path: 'terminology/icd10cm-2025/ICD10CM_2025_codes.csv' },
  { path: 'terminology/drugbank-open-vocabulary/drugbank vocabulary.csv' },
  { path: 'terminology/pharmacotherapydb/indications.tsv' },
  { path: 'terminology/hetio-medline/disease-disease-cooccurrence.tsv' },
  { path: 'zh/chip-cdn/icd10_beijing_clinical_v601.csv' },
  { path: 'zh/rare-disease/zh-names/cns_omim.json' },
  { path: 'zh/rare-disease/zh-names/cns_orphanet.json' },
  {
    path: 'zh/rare-disease/zh-names/ccrd_conpendium_hpo.json',
    phenotypeNames: 'zh/rare-disease/rarebench-mapping/phenotype_mapping.json',
  },
]

describe.skipIf(!hasSharedData('terminology/disease-ontology/HumanDO.tsv'))(
  'round trip on 2,000 sampled triples per language',
  () => {
    const pool: Triple[] = []
    for (const source of SOURCES) {
      pool.push(
        ...importTriples({
          path: sharedDataPath(source.path),
          limit: 3000,
          ...(source.phenotypeNames === undefined
            ? {}
            : { phenotypeNames: sharedDataPath(source.phenotypeNames) }),
        }),
      )
    }
    const medlama = sharedDataPath('knowledge/medlama/2021AA-dev-half')
    const relationFiles = readdirSync(medlama).filter((name) => name.endsWith('_1000.csv'))
    for (const name of relationFiles) {
      pool.push(...importTriples({ path: `${medlama}/${name}`, limit: 300 }))
    }

    /** 1,000 single triples and 1,000 from whole same-subject groups (to exercise aggregation). */
    function sample(seed: number): Triple[] {
      const random = seededRandom(seed)
      const shuffled = shuffle([...pool], random)
      const picked = new Map<string, Triple>()
      for (const triple of shuffled.slice(0, 1000))
        picked.set(`${triple.source}:${triple.id}`, triple)
      const bySubject = new Map<string, Triple[]>()
      for (const triple of pool) {
        const key = `${triple.source}:${triple.subject}`
        const group = bySubject.get(key)
        if (group === undefined) bySubject.set(key, [triple])
        else group.push(triple)
      }
      const groups = shuffle(
        [...bySubject.values()].filter((group) => group.length > 1),
        random,
      )
      for (const group of groups) {
        for (const triple of group.slice(0, 8)) {
          if (picked.size >= 2000) break
          picked.set(`${triple.source}:${triple.id}`, triple)
        }
        if (picked.size >= 2000) break
      }
      // Unique ids across sources for the verbaliser's triple_ids.
      return [...picked.values()].map((triple, index) => ({ ...triple, id: `s${index}` }))
    }

    it('samples from every converter and all 19 MedLAMA relations', () => {
      expect(relationFiles.length).toBe(19)
      const predicates = new Set(pool.map((triple) => triple.predicate))
      for (const name of relationFiles) expect(predicates).toContain(name.replace('_1000.csv', ''))
      for (const predicate of [
        'is_a',
        'synonym',
        'has_symptom',
        'treats',
        'relieves_symptoms_of',
        'has_icd10cm_code',
        'has_icd10_beijing_code',
        'co_occurs_with',
        'has_english_name',
        'has_omim_id',
        'has_orphanet_id',
        'has_phenotype',
        'has_drugbank_id',
      ]) {
        expect(predicates).toContain(predicate)
      }
    })

    it.each(['en', 'zh'] as Language[])(
      'reads every %s sentence back to all its triples and names no entity outside them',
      (language) => {
        const triples = sample(language === 'en' ? 16 : 61)
        expect(triples.length).toBe(2000)
        const byId = new Map(triples.map((triple) => [triple.id, triple]))
        const output = createTemplateVerbalizer({ language }).verbalize({ triples })
        let recovered = 0
        let unsupported = 0
        let rejected = 0
        const covered = new Set<string>()
        for (const unit of output) {
          const input = unit.triple_ids.map((id) => byId.get(id) as Triple)
          for (const id of unit.triple_ids) covered.add(id)
          const result = checkConsistency({ text: unit.text, triples: input, language })
          recovered += input.length - result.dropped.length
          unsupported += result.unsupportedEntities.length
          if (!result.ok) rejected += 1
        }
        expect(covered.size).toBe(2000)
        expect(recovered / 2000).toBe(1)
        expect(unsupported).toBe(0)
        expect(rejected).toBe(0)
        // aggregation happened: fewer output units than triples
        expect(output.length).toBeLessThan(1800)
      },
    )
  },
)

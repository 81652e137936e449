/**
 * Rare-disease diagnosis from phenotypes (PhenoBrain's public test set, the RareBench-style
 * task): each case lists HPO phenotype ids and its gold disease codes (OMIM, ORPHA or CCRD, the
 * Chinese national rare-disease list). The item shows the phenotypes by their English HPO names
 * and asks for a ranked list of diagnoses; {@link scoreRareDiseaseRanking} maps each predicted
 * name (Chinese or English) back to disease codes through the name maps and reports top-1,
 * top-3 and top-10 recall.
 *
 * The path is the `rare-disease` folder holding `phenobrain/Public_Test_set.json`,
 * `rarebench-mapping/{phenotype_mapping,disease_mapping}.json` and
 * `zh-names/{cns_omim,cns_orphanet,ccrd_conpendium_hpo}.json`. Each gold entry is
 * `<code> <names>`, so a judge sees readable names and the scorer reads the code.
 */
import { join } from 'node:path'
import { InputError } from '../../errors.js'
import type { BenchmarkItem, LoadIssue, LoadResult } from '../item.js'
import type { BenchmarkDefinition, LoadOptions } from './benchmark.js'
import { topLevelElementLines } from './json-array-rows.js'
import { isRecord, parseJsonFile, readText } from './load-helpers.js'

/** Disease code → its names (Chinese and English), and a name key → the codes it names. */
export interface RareDiseaseNames {
  names: ReadonlyMap<string, readonly string[]>
  codesByName: ReadonlyMap<string, readonly string[]>
  phenotypes: ReadonlyMap<string, string>
}

const CODE = /^(?:OMIM|ORPHA|CCRD):[0-9.]+$/

/** The key a disease name is matched by: lower case, punctuation and spaces removed. */
export function diseaseNameKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s'’"“”()（）\-–—,，.。:：/、]+/g, '')
}

async function readJson(path: string): Promise<unknown> {
  const text = (await readText(path, 'rare-disease')).replace(/^\uFEFF/, '')
  return parseJsonFile(text, path, 'rare-disease')
}

function splitNames(text: string): string[] {
  // "中文名/English name; ABBR" and "ENGLISH NAME; ABBR": every part is a name.
  return text
    .split(/[;；]|(?<=[\u4e00-\u9fff）)])\/(?=[A-Za-z])/)
    .map((part) => part.trim())
    .filter((part) => part.length >= 2)
}

/**
 * Reads the disease-name maps of a `rare-disease` folder.
 *
 * @throws NotFoundError when a map file is missing; InputError when one is not a JSON object.
 */
export async function loadRareDiseaseNames(folder: string): Promise<RareDiseaseNames> {
  const names = new Map<string, string[]>()
  const add = (code: string, name: string): void => {
    if (!CODE.test(code) || name.trim() === '') return
    const list = names.get(code) ?? []
    for (const part of [name.trim(), ...splitNames(name)]) if (!list.includes(part)) list.push(part)
    names.set(code, list)
  }
  const objectAt = async (relative: string): Promise<Record<string, unknown>> => {
    const path = join(folder, relative)
    const value = await readJson(path)
    if (!isRecord(value))
      throw new InputError(`eval: rare-disease map "${path}" is not a JSON object`, {
        field: 'path',
        value: path,
      })
    return value
  }
  for (const [code, name] of Object.entries(
    await objectAt('rarebench-mapping/disease_mapping.json'),
  )) {
    if (typeof name === 'string') add(code, name)
  }
  for (const file of [
    'zh-names/cns_omim.json',
    'zh-names/cns_orphanet.json',
    'zh-names/ccrd_conpendium_hpo.json',
  ]) {
    for (const [code, entry] of Object.entries(await objectAt(file))) {
      if (!isRecord(entry)) continue
      if (typeof entry.CNS_NAME === 'string') add(code, entry.CNS_NAME)
      if (typeof entry.ENG_NAME === 'string') add(code, entry.ENG_NAME)
    }
  }
  const codesByName = new Map<string, string[]>()
  for (const [code, list] of names) {
    for (const name of list) {
      const key = diseaseNameKey(name)
      if (key.length < 2) continue
      const codes = codesByName.get(key) ?? []
      if (!codes.includes(code)) codes.push(code)
      codesByName.set(key, codes)
    }
  }
  const phenotypes = new Map<string, string>()
  for (const [id, name] of Object.entries(
    await objectAt('rarebench-mapping/phenotype_mapping.json'),
  )) {
    if (typeof name === 'string') phenotypes.set(id, name)
  }
  return { names, codesByName, phenotypes }
}

const namesCache = new Map<string, Promise<RareDiseaseNames>>()

function cachedNames(folder: string): Promise<RareDiseaseNames> {
  let names = namesCache.get(folder)
  if (names === undefined) {
    names = loadRareDiseaseNames(folder)
    namesCache.set(folder, names)
  }
  return names
}

function isCodeList(value: unknown, pattern: RegExp): value is string[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((entry) => typeof entry === 'string' && pattern.test(entry))
  )
}

async function load(options: LoadOptions): Promise<LoadResult> {
  const folder = options.path
  const casesPath = join(folder, 'phenobrain', 'Public_Test_set.json')
  const text = (await readText(casesPath, 'rare-disease')).replace(/^\uFEFF/, '')
  const cases = parseJsonFile(text, casesPath, 'rare-disease')
  if (!Array.isArray(cases))
    throw new InputError(`eval: rare-disease file "${casesPath}" must hold a JSON array of cases`, {
      field: 'path',
      value: casesPath,
    })
  const maps = await cachedNames(folder)
  const lines = topLevelElementLines(text)
  const items: BenchmarkItem[] = []
  const issues: LoadIssue[] = []
  cases.forEach((entry: unknown, index) => {
    const line = lines[index] ?? index + 1
    if (!Array.isArray(entry) || entry.length !== 2) {
      issues.push({ line, field: '(row)', message: 'a case must be [[HPO ids], [disease codes]]' })
      return
    }
    const [phenotypes, diseases] = entry as [unknown, unknown]
    if (!isCodeList(phenotypes, /^HP:\d{7}$/)) {
      issues.push({
        line,
        field: 'phenotypes',
        message: 'phenotypes must be a non-empty list of HP:0000000 ids',
      })
      return
    }
    if (!isCodeList(diseases, CODE)) {
      issues.push({
        line,
        field: 'diseases',
        message: 'diseases must be a non-empty list of OMIM:/ORPHA:/CCRD: codes',
      })
      return
    }
    // Obsolete HPO ids missing from the map stay in the case, shown by id alone.
    const listed = phenotypes
      .map((id) => {
        const name = maps.phenotypes.get(id)
        return name === undefined ? `- ${id}` : `- ${name} (${id})`
      })
      .join('\n')
    items.push({
      id: String(index).padStart(4, '0'),
      kind: 'open-ended',
      question: `患者有以下表型（HPO）：\n${listed}\n请给出最可能的罕见病诊断，按可能性从高到低列出 10 个，以 JSON 回答：{"diagnoses": ["疾病名称", ...]}。`,
      gold: diseases.map((code) =>
        `${code} ${(maps.names.get(code) ?? []).slice(0, 2).join(' / ')}`.trim(),
      ),
      category: diseases[0]?.split(':')[0] ?? 'unknown',
      line,
      language: 'zh',
      ranking: { codes: diseases, resolve: (name) => resolveDiseaseName(maps, name) },
    })
  })
  return { items, issues }
}

/**
 * The disease codes a predicted name refers to: a written code (`OMIM:230800`) as is, else the
 * codes of the name in the Chinese and English maps (after {@link diseaseNameKey}); empty if none.
 */
export function resolveDiseaseName(names: RareDiseaseNames, prediction: string): readonly string[] {
  const written = prediction.trim().split(/\s+/)[0] ?? ''
  if (CODE.test(written)) return [written]
  return names.codesByName.get(diseaseNameKey(prediction)) ?? []
}

/** What {@link scoreRareDiseaseRanking} returns. */
export interface RareDiseaseScore {
  /** 1-based rank of the first prediction naming a gold disease, or null. */
  rank: number | null
  top1: number
  top3: number
  top10: number
  /** Predictions whose name matched no disease in the maps. */
  unmapped: string[]
}

/**
 * Scores a ranked list of predicted disease names against an item's gold codes: each name is
 * looked up (after {@link diseaseNameKey}) in the Chinese and English name maps; the first rank
 * whose codes include a gold code decides top-1, top-3 and top-10.
 */
export function scoreRareDiseaseRanking(
  item: BenchmarkItem,
  predictions: readonly string[],
  names: RareDiseaseNames,
): RareDiseaseScore {
  const gold = new Set(item.gold.map((entry) => entry.split(' ')[0] ?? ''))
  const unmapped: string[] = []
  let rank: number | null = null
  predictions.forEach((prediction, position) => {
    const codes = resolveDiseaseName(names, prediction)
    if (codes.length === 0) unmapped.push(prediction)
    if (rank === null && codes.some((code) => gold.has(code))) rank = position + 1
  })
  const within = (k: number): number => (rank !== null && rank <= k ? 1 : 0)
  return { rank, top1: within(1), top3: within(3), top10: within(10), unmapped }
}

/** PhenoBrain rare-disease cases (phenotypes to ranked diagnoses). */
export const rareDiseaseBenchmark: BenchmarkDefinition = {
  name: 'rare-disease',
  title: 'Rare-disease diagnosis from HPO phenotypes (PhenoBrain public test, RareBench-style)',
  kind: 'open-ended',
  layout:
    'folder with phenobrain/Public_Test_set.json ([[HPO ids], [codes]]), rarebench-mapping/*.json and zh-names/*.json name maps',
  counts: 'shared half: 437 cases (gold OMIM 465, ORPHA 399, CCRD 139 codes)',
  defaultPath: 'zh/rare-disease',
  load,
}

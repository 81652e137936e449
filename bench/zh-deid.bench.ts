/**
 * Chinese de-identification on Galen's annotated invented notes (`data/deid/zh-notes.jsonl`):
 * span and token recall and precision of `detectPhi` (rules, no model), per split and per type,
 * with the leaked spans of the held-out split.
 *
 * Run: `npm run bench -- zh-deid`
 */
import { scoreDocuments } from '../src/deid/evaluate.js'
import { detectPhi } from '../src/deid/index.js'
import { loadChineseNotes, toScoredDocuments } from '../src/deid/zh/annotated-notes.js'

export async function run(): Promise<void> {
  const notes = loadChineseNotes()
  console.log(
    '| split | notes | gold spans | span recall | span precision | token recall | token precision |',
  )
  console.log('|---|---|---|---|---|---|---|')
  for (const split of ['dev', 'test', 'all'] as const) {
    const chosen = notes.filter((note) => split === 'all' || note.split === split)
    const score = scoreDocuments(toScoredDocuments(chosen, (text) => detectPhi(text)))
    const gold = chosen.reduce((sum, note) => sum + note.spans.length, 0)
    console.log(
      `| ${split} | ${chosen.length} | ${gold} | ${score.span.recall} | ${score.span.precision} | ${score.token.recall} | ${score.token.precision} |`,
    )
    if (split === 'all') {
      console.log('\n| type | gold | caught | recall | precision |')
      console.log('|---|---|---|---|---|')
      for (const [type, entry] of Object.entries(score.by_type))
        console.log(
          `| ${type} | ${entry.gold} | ${entry.caught} | ${entry.recall} | ${entry.precision} |`,
        )
    }
    if (split === 'test')
      for (const leak of score.leaked) console.log(`leaked (test): ${leak.type} ${leak.context}`)
  }
  const started = performance.now()
  const text = notes.map((note) => note.text).join('\n')
  for (let round = 0; round < 20; round += 1) detectPhi(`${round}${text}`)
  const seconds = (performance.now() - started) / 1000
  console.log(`\nspeed: ${((text.length * 20) / seconds / 1000).toFixed(1)} thousand characters/s`)
}

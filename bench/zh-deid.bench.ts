/**
 * Chinese de-identification on Galen's annotated invented notes (`data/deid/zh-notes.jsonl`):
 * span and token recall and precision of `detectPhi` (rules, no model), per split and per type,
 * with the leaked spans and false positives of the held-out splits (`test`: notes 41-48; `test2`:
 * notes 49-74, written before the name rules were generalised).
 *
 * Run: `npm run bench -- zh-deid`
 */
import { type FalsePositive, scoreDocuments } from '../src/deid/evaluate.js'
import { detectPhi } from '../src/deid/index.js'
import { loadChineseNotes, toScoredDocuments } from '../src/deid/zh/annotated-notes.js'

export async function run(): Promise<void> {
  const notes = loadChineseNotes()
  console.log(
    '| split | notes | gold spans | span recall | span precision | token recall | token precision |',
  )
  console.log('|---|---|---|---|---|---|---|')
  for (const split of ['dev', 'test', 'test2', 'all'] as const) {
    const chosen = notes.filter((note) => split === 'all' || note.split === split)
    const falsePositives: FalsePositive[] = []
    const score = scoreDocuments(
      toScoredDocuments(chosen, (text) => detectPhi(text)),
      { falsePositives },
    )
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
    if (split === 'test' || split === 'test2') {
      for (const leak of score.leaked)
        console.log(`leaked (${split}): ${leak.type} ${leak.context}`)
      for (const spurious of falsePositives)
        console.log(
          `false positive (${split}): ${spurious.type} ${spurious.text} (${spurious.source})`,
        )
    }
  }
  const started = performance.now()
  const text = notes.map((note) => note.text).join('\n')
  for (let round = 0; round < 20; round += 1) detectPhi(`${round}${text}`)
  const seconds = (performance.now() - started) / 1000
  console.log(`\nspeed: ${((text.length * 20) / seconds / 1000).toFixed(1)} thousand characters/s`)
}

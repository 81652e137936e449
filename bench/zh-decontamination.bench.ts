/**
 * Chinese decontamination: which character n-gram length to use. The Chinese exam questions of
 * the shared data (CMMLU medical subjects, CNMLEQA-3k, MedQA-MCMLE, CMB-Exam, CMExam; 6,098
 * questions) are split into two halves by a hash of the folded question stem, so repeats of one
 * question land in the same half: `tune` chooses n, `report` measures it. In each half, for each
 * n:
 * - false positives: each question, inside an instruction wrapper, is checked against an index of
 *   the other questions of its half; it counts when it shares an n-gram with an unrelated one
 *   (stem character-bigram Jaccard < 0.5; more similar pairs are the same question repeated, and
 *   are counted apart);
 * - detection: each question is lightly edited (one edit kind at a time, and all together) and
 *   put inside an instruction; it counts when it shares an n-gram with its own original.
 * Galen's own Chinese instruction instances (the Chinese half of a 20,000-instance build of the
 * built-in tasks, written from lexicons and the demonstration corpus, so unrelated to the exams)
 * are checked against each half's questions too: the false positives a data build would see.
 * The rule: n is the smallest length at which at most 0.2% of those instances and at most 5% of
 * the tune half's questions are flagged. (A first rule, question false positives at most 1%, gave
 * n = 18 and missed 60% of edited copies; it was replaced after that run, whose table showed
 * both halves. The two halves agree within about a point at every n.)
 *
 * Run: `npm run bench -- zh-decontamination`
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { BENCHMARKS } from '../src/eval/index.js'
import {
  buildInstructionSet,
  loadTaskRegistry,
  loadTaskSources,
} from '../src/instructions/index.js'
import {
  cjkUnits,
  DEFAULT_CJK_NGRAM_SIZE,
  fingerprintGramText,
  fingerprintText,
} from '../src/rl-data/index.js'

const dataRoot = resolve(
  process.env.GALEN_SHARED_DATA ?? resolve(process.cwd(), '..', 'shared', 'data'),
)

interface Question {
  set: string
  id: string
  stem: string
  options: string[]
  /** stem character bigrams, for telling repeats from unrelated questions */
  bigrams: Set<string>
}

const SOURCES: Array<{ benchmark: string; subset?: string; label: string }> = [
  { benchmark: 'cmmlu-med', label: 'cmmlu-med' },
  { benchmark: 'cnmleqa', label: 'cnmleqa' },
  { benchmark: 'xmedbench-zh', subset: 'medqa-mcmle', label: 'medqa-mcmle' },
  { benchmark: 'xmedbench-zh', subset: 'cmb', label: 'cmb' },
  { benchmark: 'xmedbench-zh', subset: 'cmexam', label: 'cmexam' },
]

async function loadQuestions(): Promise<Question[]> {
  const questions: Question[] = []
  for (const source of SOURCES) {
    const definition = BENCHMARKS.find((benchmark) => benchmark.name === source.benchmark)
    if (definition?.defaultPath === undefined) throw new Error(`no loader for ${source.benchmark}`)
    const path = resolve(dataRoot, definition.defaultPath)
    const result = await definition.load(
      source.subset === undefined ? { path } : { path, subset: source.subset },
    )
    for (const item of result.items) {
      const stem = item.question
      const units = cjkUnits(stem)
      const bigrams = new Set<string>()
      for (let index = 0; index + 1 < units.length; index += 1)
        bigrams.add(`${units[index]}${units[index + 1]}`)
      questions.push({
        set: source.label,
        id: item.id,
        stem,
        options: Object.values(item.options ?? {}),
        bigrams,
      })
    }
  }
  return questions
}

function half(question: Question): 'tune' | 'report' {
  const digest = createHash('sha1').update(cjkUnits(question.stem).join('')).digest()
  return (digest[0] as number) % 2 === 0 ? 'tune' : 'report'
}

function jaccard(left: Set<string>, right: Set<string>): number {
  let shared = 0
  for (const gram of left) if (right.has(gram)) shared += 1
  const union = left.size + right.size - shared
  return union === 0 ? 1 : shared / union
}

/** The text decontamination fingerprints for a benchmark question (as the eval loaders give it). */
function benchmarkText(question: Question): string {
  return [question.stem, ...question.options].join('\n')
}

// Instruction wrappers written for this bench (how a question may sit inside a training instance).
const WRAPPERS = [
  (body: string, answer: string) =>
    `请回答下面的单项选择题，只输出选项字母。\n${body}\n答案：${answer}`,
  (body: string, answer: string) =>
    `以下是一道医学考试题，请选出最合适的一项并简要说明理由。\n\n${body}\n\n正确答案是${answer}。`,
  (body: string, answer: string) => `题目：${body}\n请作答。\n回答：${answer}`,
]

function random(seed: number): () => number {
  let state = seed | 0
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let value = Math.imul(state ^ (state >>> 15), 1 | state)
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296
  }
}

const require = createRequire(import.meta.url)
const opencc = require('opencc-js/cn2t') as {
  Converter(options: { from: string; to: string }): (text: string) => string
}
const toTraditional = opencc.Converter({ from: 'cn', to: 'tw' })

const PUNCTUATION: Record<string, readonly string[]> = {
  '，': [',', ' ', ', ', '、'],
  '。': ['.', ' ', ''],
  '、': [',', ' ', '，'],
  '：': [':', ' '],
  '；': [';', '，'],
  '？': ['?', ''],
  '（': ['(', ' '],
  '）': [')', ' '],
}

function changePunctuation(text: string, next: () => number): string {
  let out = ''
  for (const character of text) {
    const choices = PUNCTUATION[character]
    if (choices !== undefined && next() < 0.7) out += choices[Math.floor(next() * choices.length)]
    else out += character
    if (next() < 0.05) out += ' '
  }
  return out
}

function toFullWidth(text: string): string {
  return text.replace(/[!-~]/g, (character) =>
    String.fromCharCode(character.charCodeAt(0) + 0xfee0),
  )
}

const COMMON = Array.from(
  '的是在了不和有大这主中人上为们地个用工时要动国产以我到他会作来分生对于学下级就年阶义发成部民可出能方进同行面说种过命度革而多子后自社加小机也经力线本电高量长党得实家定深法表着水理化争现所二起政三好十战无农使性前等反体合斗路图把结第里正新开论之物从当两些还天资事队批如应形想制心样干都向变关点育重其思与间内去因件日利相由压员气业代全组数果期导平各基或月毛然问比展那它最及外没看治提五解系林者米群头意只明四道马认次文通但条较克又公孔领军流入接席位情运器并飞原油放立题质指建区验活众很教决特此常石强极土少已根共直团统式转别造切九你取西持总料连任志观调七么山程百报更见必真保热委手改管处己将修支识病象几先老光专什六型具示复安带每东增则完风回南广劳轮科北打积车计给节做务被整联步类集号列温装即毫知轴研单色坚据速防史拉世设达尔场织历花受求传口断况采精金界品判参层止边清至万确究书术状厂须离再目海交权且儿青才证低越际八试规斯近注办布门铁需走议县兵固除般引齿千胜细影济白格效置推空配刀叶率述今选养德话查差半敌始片施响收华觉备名红续均药标记难存测士身紧液派准斤角降维板许破述技消底床田势端感往神便贺村构照容非搞亚磨族火段算适讲按值美态黄易彪服早班麦削信排台声该击素张密害侯草何树肥继右属市严径螺检左页抗苏显苦英快称坏移约巴材省黑武培著河帝仅针怎植京助升王眼她抓含苗副杂普谈围食射源例致酸旧却充足短划剂宣环落首尺波承粉践府鱼随考刻靠够满夫失包住促枝局菌杆周护岩师举曲春元超负砂封换太模贫减阳扬江析亩木言球朝医校古呢稻宋听唯输滑站另卫字鼓刚写刘微略范供阿块某功套友限项余倒卷创律雨让骨远帮初皮播优占死毒圈伟季训控激找叫云互跟裂粮粒母练塞钢顶策双留误础吸阻故寸盾晚丝女散焊功株亲院冷彻弹错散商视艺灭版烈零室轻血倍缺厘泵察绝富城冲喷壤简否柱李望盘磁雄似困巩益洲脱投送奴侧润盖挥距触星松送获兴独官混纪依未突架宽冬章湿偏纹吃执阀矿寨责熟稳夺硬价努翻奇甲预职评读背协损棉侵灰虽矛厚罗泥辟告卵箱掌氧恩爱停曾溶营终纲孟钱待尽俄缩沙退陈讨奋械载胞幼哪剥迫旋征槽倒握担仍呀鲜吧卡粗介钻逐弱脚怕盐末阴丰雾冠丙街莱贝辐肠付吉渗瑞惊顿挤秒悬姆烂森糖圣凹陶词迟蚕亿矩',
).filter((character) => character.length === 1)

function changeCharacters(text: string, count: number, next: () => number): string {
  const characters = Array.from(text)
  const positions = characters
    .map((character, index) => (/[\u4e00-\u9fff]/.test(character) ? index : -1))
    .filter((index) => index >= 0)
  for (let changed = 0; changed < count && positions.length > 0; changed += 1) {
    const at = positions.splice(Math.floor(next() * positions.length), 1)[0] as number
    let replacement = COMMON[Math.floor(next() * COMMON.length)] as string
    if (replacement === characters[at])
      replacement = COMMON[(COMMON.indexOf(replacement) + 1) % COMMON.length] as string
    characters[at] = replacement
  }
  return characters.join('')
}

type Edit =
  | 'none'
  | 'punctuation'
  | 'full-width'
  | 'traditional'
  | 'reorder'
  | 'chars-1'
  | 'chars-2'
  | 'chars-3'
  | 'chars-5'
  | 'all'
const EDITS: readonly Edit[] = [
  'none',
  'punctuation',
  'full-width',
  'traditional',
  'reorder',
  'chars-1',
  'chars-2',
  'chars-3',
  'chars-5',
  'all',
]

/** A question edited one way, with options lettered, inside an instruction wrapper. */
function editedInstance(question: Question, edit: Edit, seed: number): string {
  const next = random(seed)
  let stem = question.stem
  const options = [...question.options]
  const all = edit === 'all'
  const changes = all ? 2 : edit.startsWith('chars-') ? Number(edit.slice(6)) : 0
  if (changes > 0) stem = changeCharacters(stem, changes, next)
  if (edit === 'reorder' || all) {
    for (let index = options.length - 1; index > 0; index -= 1) {
      const other = Math.floor(next() * (index + 1))
      ;[options[index], options[other]] = [options[other] as string, options[index] as string]
    }
  }
  let body = `${stem}\n${options.map((option, index) => `${String.fromCharCode(65 + index)}. ${option}`).join('\n')}`
  if (edit === 'punctuation' || all) body = changePunctuation(body, next)
  if (edit === 'full-width' || all) body = toFullWidth(body)
  if (edit === 'traditional' || all) body = toTraditional(body)
  const wrap = WRAPPERS[Math.floor(next() * WRAPPERS.length)] as (
    body: string,
    answer: string,
  ) => string
  return wrap(body, 'A')
}

/** The CJK n-gram keys of a text; with `cjkN` 0, its word 13-gram keys (the check before CJK n-grams). */
function keysOf(text: string, cjkN: number): string[] {
  const words = cjkN === 0
  const { hashes, wordCount } = fingerprintText(text, words ? {} : { cjkN })
  const keys: string[] = []
  const [from, to] = words ? [0, wordCount * 2] : [wordCount * 2, hashes.length]
  for (let slot = from; slot < to; slot += 2) keys.push(`${hashes[slot]}:${hashes[slot + 1]}`)
  return keys
}

// Matched n-grams needed to flag (findContamination's default is 1). A first run also tried 2
// and 3: requiring m matches behaved like a length of n + m - 1, so only m = 1 is kept.
const MATCHES = [1] as const

interface HalfFigures {
  questions: number
  /** by minimum matched n-grams: questions flagged by unrelated questions */
  falsePositive: Record<number, number>
  repeats: number
  /** by minimum matched n-grams and edit: edited copies found */
  detected: Record<number, Record<Edit, number>>
}

function measureHalf(questions: readonly Question[], cjkN: number): HalfFigures {
  const owners = new Map<string, number[]>()
  questions.forEach((question, position) => {
    for (const key of new Set(keysOf(benchmarkText(question), cjkN))) {
      const list = owners.get(key)
      if (list === undefined) owners.set(key, [position])
      else list.push(position)
    }
  })
  const falsePositive: Record<number, number> = {}
  const detected: Record<number, Record<Edit, number>> = {}
  for (const minimum of MATCHES) {
    falsePositive[minimum] = 0
    detected[minimum] = Object.fromEntries(EDITS.map((edit) => [edit, 0])) as Record<Edit, number>
  }
  let repeats = 0
  const related = new Map<number, boolean>()
  questions.forEach((question, position) => {
    related.clear()
    // the unedited question in a wrapper, against the other questions: n-grams of the text that
    // an unrelated question holds (as findContamination counts them)
    let unrelatedGrams = 0
    for (const key of keysOf(editedInstance(question, 'none', position), cjkN)) {
      let unrelated = false
      for (const owner of owners.get(key) ?? []) {
        if (owner === position) continue
        let isRepeat = related.get(owner)
        if (isRepeat === undefined) {
          isRepeat = jaccard(question.bigrams, (questions[owner] as Question).bigrams) >= 0.5
          related.set(owner, isRepeat)
        }
        if (!isRepeat) unrelated = true
      }
      if (unrelated) unrelatedGrams += 1
    }
    if ([...related.values()].some((value) => value)) repeats += 1
    EDITS.forEach((edit, editNumber) => {
      const keys = keysOf(editedInstance(question, edit, position * 31 + editNumber), cjkN)
      const own = keys.filter((key) => owners.get(key)?.includes(position) === true).length
      for (const minimum of MATCHES) {
        if (own >= minimum) (detected[minimum] as Record<Edit, number>)[edit] += 1
      }
    })
    for (const minimum of MATCHES) {
      if (unrelatedGrams >= minimum) falsePositive[minimum] = (falsePositive[minimum] ?? 0) + 1
    }
  })
  return { questions: questions.length, falsePositive, repeats, detected }
}

function percent(count: number, total: number): string {
  return total === 0 ? '-' : `${((100 * count) / total).toFixed(2)}%`
}

const SIZES = [10, 11, 12, 13, 14, 15, 16, 18, 20]

export async function run(): Promise<void> {
  const questions = await loadQuestions()
  const halves = {
    tune: questions.filter((question) => half(question) === 'tune'),
    report: questions.filter((question) => half(question) === 'report'),
  }
  console.log(
    `questions: ${questions.length} (${SOURCES.map((source) => `${source.label} ${questions.filter((question) => question.set === source.label).length}`).join(', ')}); tune half ${halves.tune.length}, report half ${halves.report.length}`,
  )
  const instances = galenInstructionTexts()
  console.log(`Galen zh instruction instances (build --n 20000 --seed 1): ${instances.length}`)
  const chosenFigures = new Map<number, { instructions: number; falsePositive: number }>()
  for (const name of ['tune', 'report'] as const) {
    console.log(
      `\n${name} half: false positives = questions sharing >= m n-grams with unrelated questions; instructions = Galen zh instances sharing >= m n-grams with this half's questions; detection = edited copies sharing >= m n-grams with their original`,
    )
    console.log(
      `| n | m | false positives | instructions flagged | repeats found | ${EDITS.join(' | ')} |`,
    )
    console.log(`|---|---|---|---|---|${EDITS.map(() => '---').join('|')}|`)
    // 0: word 13-grams only, as before CJK n-grams existed
    for (const cjkN of [0, ...SIZES]) {
      const measured = measureHalf(halves[name], cjkN)
      const flagged = instructionMatches(instances, halves[name], cjkN)
      if (name === 'tune') {
        chosenFigures.set(cjkN, {
          instructions: flagged.filter((count) => count >= 1).length / instances.length,
          falsePositive: (measured.falsePositive[1] ?? 0) / measured.questions,
        })
      }
      for (const minimum of MATCHES) {
        const found = measured.detected[minimum] as Record<Edit, number>
        console.log(
          `| ${cjkN === 0 ? 'words 13 (before)' : cjkN} | ${minimum} | ${percent(measured.falsePositive[minimum] ?? 0, measured.questions)} | ${percent(flagged.filter((count) => count >= minimum).length, instances.length)} | ${measured.repeats} | ${EDITS.map((edit) => percent(found[edit], measured.questions)).join(' | ')} |`,
        )
      }
    }
  }
  const chosen = SIZES.find((cjkN) => {
    const tune = chosenFigures.get(cjkN)
    return tune !== undefined && tune.instructions <= 0.002 && tune.falsePositive <= 0.05
  })
  console.log(
    `\nchosen on the tune half (smallest n with <= 0.2% of Galen zh instances and <= 5% of questions flagged): n = ${chosen} (DEFAULT_CJK_NGRAM_SIZE is ${DEFAULT_CJK_NGRAM_SIZE})`,
  )
  showInstructionExamples(instances, questions, chosen ?? DEFAULT_CJK_NGRAM_SIZE)
}

/** Per instance, how many of its n-grams some question holds. */
function instructionMatches(
  instances: readonly string[],
  questions: readonly Question[],
  cjkN: number,
): number[] {
  const keys = new Set<string>()
  for (const question of questions)
    for (const key of keysOf(benchmarkText(question), cjkN)) keys.add(key)
  return instances.map((text) => keysOf(text, cjkN).filter((key) => keys.has(key)).length)
}

/** What the flagged Galen instances share with the questions, at the default n. */
function showInstructionExamples(
  instances: readonly string[],
  questions: readonly Question[],
  cjkN: number,
): void {
  const keys = new Set<string>()
  for (const question of questions)
    for (const key of keysOf(benchmarkText(question), cjkN)) keys.add(key)
  const shared = new Map<string, number>()
  for (const text of instances) {
    const fingerprint = fingerprintText(text, { cjkN })
    for (let slot = fingerprint.wordCount * 2; slot < fingerprint.hashes.length; slot += 2) {
      if (!keys.has(`${fingerprint.hashes[slot]}:${fingerprint.hashes[slot + 1]}`)) continue
      const gram = fingerprintGramText(fingerprint, slot / 2, { cjkN })
      shared.set(gram, (shared.get(gram) ?? 0) + 1)
    }
  }
  console.log(
    `\nn-grams (n = ${cjkN}) Galen zh instances share with any question, most frequent first:`,
  )
  for (const [gram, count] of [...shared].sort((left, right) => right[1] - left[1]).slice(0, 15))
    console.log(`  ${count} x ${gram}`)
}

/** The Chinese instances of a 20,000-instance build of Galen's built-in tasks (no decontamination). */
function galenInstructionTexts(): string[] {
  const out = mkdtempSync(join(tmpdir(), 'galen-zh-decontamination-'))
  try {
    buildInstructionSet({
      registry: loadTaskRegistry(),
      sources: loadTaskSources(),
      n: 20_000,
      seed: 1,
      out,
    })
    const texts: string[] = []
    for (const name of readdirSync(join(out, 'data')).sort()) {
      for (const line of readFileSync(join(out, 'data', name), 'utf8').split('\n')) {
        if (line.trim() === '') continue
        const record = JSON.parse(line) as { language: string; prompt: string; output: string }
        if (record.language === 'zh') texts.push(`${record.prompt}\n${record.output}`)
      }
    }
    return texts
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}

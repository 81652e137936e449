/**
 * Generators over the condition and drug tables: department triage, question similarity,
 * diagnosis from symptoms, medicines to avoid in a population, false-premise questions made by
 * perturbing a drug-class fact, and rewrites (lay wording; brand names to generics).
 */
import type { Random } from '../random.js'
import { type ConditionEntry, memo, type TaskSources } from '../sources.js'
import type { Language } from '../task.js'
import {
  type GeneratedInstance,
  type Generator,
  joinList,
  multipleChoice,
  yesNo,
} from './generator.js'

function symptoms(entry: ConditionEntry, language: Language): string[] {
  return language === 'zh' ? entry.symptoms_zh : entry.symptoms_en
}

function withSymptoms(sources: TaskSources): ConditionEntry[] {
  return sources.conditions.filter((entry) => entry.symptoms_en.length >= 3)
}

function departmentName(sources: TaskSources, id: string, language: Language): string {
  return sources.departments[id]?.[language] ?? id
}

/** A complaint (symptoms of one condition) → the department that usually sees it. */
export const departmentTriage: Generator = ({ random, language, sources }) => {
  const entry = random.pick(withSymptoms(sources))
  const answer = departmentName(sources, entry.department, language)
  const others = Object.keys(sources.departments)
    .sort()
    .filter((id) => id !== entry.department)
  const distractors = random.sample(others, 3).map((id) => departmentName(sources, id, language))
  const choice = multipleChoice(random, answer, distractors)
  const shown = random.sample(symptoms(entry, language), 2 + random.below(2))
  return {
    slots: { complaint: joinList(shown, language), options: choice.options },
    output: choice.output,
    wrong: choice.wrong,
  }
}

/** Two complaints: the same condition (similar) or conditions of different departments. */
export const complaintSimilarity: Generator = ({ random, language, sources }) => {
  const entries = withSymptoms(sources)
  const entry = random.pick(entries)
  const similar = random.next() < 0.5
  const first = random.sample(symptoms(entry, language), 2)
  let second: string[]
  if (similar) second = random.sample(symptoms(entry, language), 2)
  else {
    const other = random.pick(entries.filter((item) => item.department !== entry.department))
    second = random.sample(symptoms(other, language), 2)
  }
  const labels = language === 'zh' ? ['相似', '不相似'] : ['Similar', 'Dissimilar']
  return {
    slots: { first: joinList(first, language), second: joinList(second, language) },
    output: similar ? (labels[0] as string) : (labels[1] as string),
    wrong: similar ? (labels[1] as string) : (labels[0] as string),
  }
}

/** All of a condition's typical symptoms → the condition, among conditions of other departments. */
export const diagnosisFromSymptoms: Generator = ({ random, language, sources }) => {
  const entries = withSymptoms(sources)
  const entry = random.pick(entries)
  const name = (item: ConditionEntry) => (language === 'zh' ? item.zh : item.en)
  const distractors = random
    .sample(
      entries.filter((item) => item.department !== entry.department),
      3,
    )
    .map(name)
  const choice = multipleChoice(random, name(entry), distractors)
  return {
    slots: {
      symptoms: random.shuffle(symptoms(entry, language)).join(language === 'zh' ? '；' : '; '),
      options: choice.options,
    },
    output: choice.output,
    wrong: choice.wrong,
  }
}

function populationIds(sources: TaskSources): string[] {
  return Object.keys(sources.populations).sort()
}

/** Which of four medicines should be avoided in a population (one avoid, three acceptable). */
export const populationAvoidChoice: Generator = ({ random, language, sources }) => {
  const id = random.pick(populationIds(sources))
  const population = sources.populations[id] as NonNullable<TaskSources['populations'][string]>
  const avoid = random.pick(population.avoid)
  const acceptable = random.sample(population.acceptable, 3)
  const choice = multipleChoice(
    random,
    avoid[language],
    acceptable.map((drug) => drug[language]),
  )
  return {
    slots: { population: population[language], options: choice.options },
    output: choice.output,
    wrong: choice.wrong,
  }
}

/** Should drug X generally be avoided in population P? */
export const populationAvoidJudgement: Generator = ({ random, language, sources }) => {
  const id = random.pick(populationIds(sources))
  const population = sources.populations[id] as NonNullable<TaskSources['populations'][string]>
  const avoid = random.next() < 0.5
  const drug = avoid ? random.pick(population.avoid) : random.pick(population.acceptable)
  return {
    slots: { drug: drug[language], population: population[language] },
    output: yesNo(avoid, language),
    wrong: yesNo(!avoid, language),
  }
}

/**
 * A question whose premise states a drug's class, true or perturbed (another class) →
 * `{"premise_correct": boolean, "correct_class": string}`.
 */
export const falsePremise: Generator = ({ random, language, sources }) => {
  const drug = random.pick(sources.drugClasses)
  const truth = random.next() < 0.5
  const className = (entry: (typeof sources.drugClasses)[number]) =>
    language === 'zh' ? entry.class_zh : entry.class_en
  const correct = className(drug)
  let stated = correct
  if (!truth) {
    const classes = [...new Set(sources.drugClasses.map(className))].filter(
      (name) => name !== correct,
    )
    stated = random.pick(classes)
  }
  const name = language === 'zh' ? drug.zh : drug.en
  const question =
    language === 'zh'
      ? random.pick([
          `既然${name}属于${stated}，它的主要不良反应有哪些？`,
          `${name}作为一种${stated}，老年人使用时要注意什么？`,
          `${name}是${stated}，那它和同类药物能一起吃吗？`,
        ])
      : random.pick([
          `Since ${name} is a ${stated}, what are its main side effects?`,
          `As ${name} is a ${stated}, what should older patients watch out for?`,
          `${name} is a ${stated}, so can it be combined with other drugs of the same class?`,
        ])
  return {
    slots: { question },
    output: JSON.stringify({ premise_correct: truth, correct_class: correct }),
    wrong: JSON.stringify({ premise_correct: !truth, correct_class: correct }),
  }
}

/** A clinical sentence → the same sentence in lay words (gold from the lay-name table). */
export const layRewrite: Generator = ({ random, language, sources }) => {
  const entries = sources.conditions.filter(
    (entry) => (language === 'zh' ? entry.lay_zh : entry.lay_en) !== null,
  )
  const entry = random.pick(entries)
  const clinical = language === 'zh' ? entry.zh : entry.en
  const lay = (language === 'zh' ? entry.lay_zh : entry.lay_en) as string
  const frames =
    language === 'zh'
      ? [
          ['门诊诊断：{x}。', '医生诊断您得了{x}。'],
          ['患者既往有{x}病史。', '您以前得过{x}。'],
          ['考虑{x}，建议复诊。', '医生考虑您是{x}，建议您再来复查。'],
        ]
      : [
          ['Diagnosis: {x}.', 'The doctor found that you have {x}.'],
          ['The patient has a past history of {x}.', 'You have had {x} before.'],
          [
            'Findings are consistent with {x}; review advised.',
            'It looks like {x}; please come back for a check-up.',
          ],
        ]
  const [source, target] = random.pick(frames) as [string, string]
  return {
    slots: { sentence: source.replace('{x}', clinical) },
    output: target.replace('{x}', lay),
    wrong: target.replace('{x}', clinical),
    reference: { include: [lay], exclude: [clinical] },
  }
}

/** A sentence naming medicines by brand → the same sentence with generic names. */
export const brandRewrite: Generator = ({ random, language, sources }) => {
  const pairs = memo(sources, `brand-rewrite-pairs/${language}`, () =>
    brandRewritePairs(sources, language),
  )
  const [first, second] = random.sample(pairs, 2) as [
    { brand: string; generic: string },
    { brand: string; generic: string },
  ]
  return brandSentence(random, language, first, second)
}

function brandRewritePairs(sources: TaskSources, language: Language) {
  return [...sources.brands]
    .sort()
    .filter(([brand, generic]) => brand !== generic.toLowerCase())
    .map(([brand, generic]) => ({
      brand: brand.replace(
        /(^|[\s-])([a-z])/g,
        (_w, lead: string, letter: string) => `${lead}${letter.toUpperCase()}`,
      ),
      generic: language === 'zh' ? sources.enToZhDrug.get(generic) : generic,
    }))
    .filter((pair): pair is { brand: string; generic: string } => pair.generic !== undefined)
}

function brandSentence(
  random: Random,
  language: Language,
  first: { brand: string; generic: string },
  second: { brand: string; generic: string },
): GeneratedInstance {
  const frame =
    language === 'zh'
      ? random.pick([
          '患者目前服用{a}和{b}。',
          '出院带药：{a}、{b}。',
          '建议继续使用{a}，停用{b}。',
        ])
      : random.pick([
          'The patient currently takes {a} and {b}.',
          'Discharge medicines: {a}, {b}.',
          'Continue {a} and stop {b}.',
        ])
  const fill = (a: string, b: string) => frame.replace('{a}', a).replace('{b}', b)
  return {
    slots: { sentence: fill(first.brand, second.brand) },
    output: fill(first.generic, second.generic),
    wrong: fill(first.generic, second.brand),
  }
}

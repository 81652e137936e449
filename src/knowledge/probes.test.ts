import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { matchesAnswer, normalizeAnswer, scoreProbes } from './probe-scoring.js'
import { buildGraphProbes, buildMedlamaProbes, type Probe, readMedlamaPrompts } from './probes.js'

const folder = mkdtempSync(join(tmpdir(), 'galen-probes-'))

describe('probe answers', () => {
  it('normalises case, punctuation, articles, possessives, plurals and abbreviations', () => {
    expect(normalizeAnswer("The Parkinson's Disease.", 'en')).toBe('parkinson disease')
    expect(normalizeAnswer('Migraine Disorders', 'en')).toBe('migraine disorder')
    expect(normalizeAnswer('COPD', 'en')).toBe('chronic obstructive pulmonary disease')
    expect(normalizeAnswer('答案：2型 糖尿病。', 'zh')).toBe('2型糖尿病')
  })

  it('accepts a synonym from the alias set, a short sentence naming it, and a Chinese name', () => {
    const answers = ['Parkinson Disease', 'Paralysis agitans', '帕金森病']
    expect(matchesAnswer('paralysis agitans', answers, 'en')).toBe(true)
    expect(matchesAnswer('It treats Parkinson disease.', answers, 'en')).toBe(true)
    expect(matchesAnswer('帕金森病', answers, 'zh')).toBe(true)
    expect(matchesAnswer('Alzheimer disease', answers, 'en')).toBe(false)
    expect(matchesAnswer('parkinsonism', answers, 'en')).toBe(false)
  })
})

describe('probe building', () => {
  const prompts = join(folder, 'prompts.csv')
  writeFileSync(
    prompts,
    'pid,default_prompt,human_prompt\nmay_treat,[X] may treat [Y] .,[X] might treat [Y] .\n',
  )
  const relation = join(folder, 'may_treat_1000.csv')
  writeFileSync(
    relation,
    'head_cui,head_name,rel,tail_cuis_list,tail_names_list,tail_names,tail_cuis,tail_cuis_len,tail_names_len,avg_match,avg_rouge_l\n' +
      "C0077388,tropatepine,may_treat,['C0030567'],['Parkinson Disease'],Parkinson Disease,C0030567,1,1,0.0,0.0\n" +
      "C4726693,rimegepant sulfate,may_treat,\"['C0149931', 'C0154723']\",\"['Migraine Disorders', 'Migraine with Aura']\",Migraine Disorders || Migraine with Aura,C0149931 || C0154723,2,2,0.0,0.0\n",
  )

  it('builds MedLAMA probes as they are, plus Galen templates, with and without leading text', () => {
    const probes = buildMedlamaProbes({
      path: relation,
      prompts: readMedlamaPrompts(prompts),
      language: 'en',
    })
    const first = probes.filter((probe) => probe.subject === 'tropatepine')
    // 2 MedLAMA templates + 2 Galen templates ending with the object, each with and without lead
    expect(first.map((probe) => `${probe.template}:${probe.leading_text}`)).toEqual([
      'medlama-default:false',
      'medlama-default:true',
      'medlama-human:false',
      'medlama-human:true',
      'galen-0:false',
      'galen-0:true',
    ])
    expect(first[2]?.prompt).toBe(
      'Fill in the blank with a medical term. Answer with the term only.\ntropatepine might treat ___.',
    )
    expect(first[5]?.prompt).toContain(
      'The following statement comes from a medical textbook. Tropatepine may be used to treat ___.',
    )
    expect(probes.find((probe) => probe.subject === 'rimegepant sulfate')?.answers).toEqual([
      'Migraine Disorders',
      'Migraine with Aura',
    ])
    expect(first[0]?.category).toBe('procedural')
  })

  it('builds Chinese probes from a graph with every object and alias as an answer', () => {
    const probes = buildGraphProbes({
      language: 'zh',
      triples: [
        { id: '1', subject: '流行性感冒', predicate: 'has_symptom', object: '发热' },
        { id: '2', subject: '流行性感冒', predicate: 'has_symptom', object: '咳嗽' },
        {
          id: '3',
          subject: '二甲双胍',
          predicate: 'synonym',
          object: '甲福明',
          objectAliases: ['Metformin'],
        },
      ],
    })
    expect(
      probes.find((probe) => probe.relation === 'has_symptom' && !probe.leading_text)?.prompt,
    ).toBe('请在空缺处填写医学术语，只回答术语本身。\n流行性感冒可表现为____。')
    expect(probes.find((probe) => probe.relation === 'has_symptom')?.answers).toEqual([
      '发热',
      '咳嗽',
    ])
    expect(probes.find((probe) => probe.relation === 'synonym')?.kind).toBe('concept')
    expect(probes.find((probe) => probe.relation === 'synonym')?.answers).toEqual([
      '甲福明',
      'Metformin',
    ])
  })
})

describe('probe summary', () => {
  const probe = (
    id: string,
    fact: string,
    template: string,
    leading: boolean,
    answers: string[],
    relation = 'may_treat',
  ): Probe => ({
    id,
    fact_id: fact,
    kind: 'fact',
    relation,
    category: 'procedural',
    template,
    leading_text: leading,
    language: 'en',
    subject: fact,
    prompt: '',
    answers,
  })
  const probes = [
    probe('a1', 'f1', 't0', false, ['Parkinson Disease']),
    probe('a2', 'f1', 't1', false, ['Parkinson Disease']),
    probe('a3', 'f1', 't0', true, ['Parkinson Disease']),
    probe('b1', 'f2', 't0', false, ['Migraine Disorders', 'Migraine with Aura']),
    probe('b2', 'f2', 't0', true, ['Migraine Disorders', 'Migraine with Aura']),
    probe('c1', 'f3', 't0', false, ['gout'], 'disease_may_have_finding'),
  ]

  it('scores accuracy@1 and @k, per relation, template agreement and the leading-text effect', () => {
    const responses = new Map<string, string[]>([
      ['a1', ['parkinson disease']],
      ['a2', ['Parkinsonism']],
      ['a3', ['Parkinson disease.']],
      ['b1', ['cluster headache\nmigraine with aura']],
      ['b2', ['Migraine disorders']],
      // c1 unanswered: wrong
    ])
    const summary = scoreProbes({ probes, responses, k: 2 })
    expect(summary).toMatchObject({
      n: 6,
      answered: 5,
      accuracy: 3 / 6,
      accuracy_at_k: 4 / 6,
      k: 2,
    })
    expect(summary.by_relation).toEqual({
      disease_may_have_finding: { n: 1, accuracy: 0 },
      may_treat: { n: 5, accuracy: 3 / 5 },
    })
    // f1 without lead: "parkinson disease" vs "parkinsonism" disagree
    expect(summary.template_agreement).toBe(0)
    expect(summary.leading_text.with).toEqual({ n: 2, accuracy: 1 })
    expect(summary.leading_text.without).toEqual({ n: 4, accuracy: 1 / 4 })
    expect(summary.leading_text.delta).toBeCloseTo(0.75, 12)
  })
})

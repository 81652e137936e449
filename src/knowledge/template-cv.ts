/**
 * Leave-one-category-out cross-validation of learned templates on WebNLG training data: for each
 * category, templates are learned from the training entries of every other category and realise
 * that category's development entries (so every category is "unseen" once, as in the challenge's
 * hardest split). Scores are pooled over all folds (corpus BLEU and chrF++ as `kg score` computes
 * them). Use it to choose settings; never tune on the data you report.
 */
import { corpusBleu } from './bleu.js'
import { corpusChrf } from './chrf.js'
import {
  createLearnedVerbalizer,
  type LearnedTemplateSet,
  type LearnedVerbalizerOptions,
  type LearnOptions,
  learnTemplates,
} from './learned-templates.js'
import type { WebnlgEntry } from './webnlg.js'

/** Pooled figures of one verbaliser configuration. */
export interface TemplateCvResult {
  /** The configuration's name. */
  name: string
  /** Development inputs realised (all folds). */
  n: number
  bleu: number
  chrf: number
  /** BLEU's brevity penalty (below 1 when the texts are shorter than the references). */
  brevityPenalty: number
  /** Per held-out category: inputs, BLEU, chrF++. */
  byCategory: Record<string, { n: number; bleu: number; chrf: number }>
}

/**
 * Runs leave-one-category-out cross-validation for several verbaliser configurations at once
 * (templates are learned once per fold and shared by the configurations).
 *
 * @param options.train - training entries (templates are learned from these)
 * @param options.dev - development entries (realised and scored per held-out category)
 * @param options.configs - named verbaliser options to compare
 * @param options.categories - restrict to these held-out categories (default: every dev category)
 */
export function crossValidateTemplates(options: {
  train: readonly WebnlgEntry[]
  dev: readonly WebnlgEntry[]
  configs: ReadonlyArray<{
    name: string
    options: Omit<LearnedVerbalizerOptions, 'templates'>
    learn?: LearnOptions
  }>
  categories?: readonly string[]
}): TemplateCvResult[] {
  const categories =
    options.categories ?? [...new Set(options.dev.map((entry) => entry.category))].sort()
  const pooled = options.configs.map(() => ({ hyps: [] as string[], refs: [] as string[][] }))
  const perCategory = options.configs.map(
    () => ({}) as Record<string, { n: number; bleu: number; chrf: number }>,
  )
  for (const category of categories) {
    const held = options.dev.filter(
      (entry) => entry.category === category && entry.texts.length > 0,
    )
    if (held.length === 0) continue
    const entries = options.train.filter((entry) => entry.category !== category)
    const learned = new Map<string, LearnedTemplateSet>()
    const refs = held.map((entry) => entry.texts)
    options.configs.forEach((config, index) => {
      const learnKey = JSON.stringify(config.learn ?? {})
      let templates = learned.get(learnKey)
      if (templates === undefined) {
        templates = learnTemplates({
          ...config.learn,
          entries,
          source: `train without ${category}`,
        })
        learned.set(learnKey, templates)
      }
      const verbalizer = createLearnedVerbalizer({ ...config.options, templates })
      const hyps = held.map((entry) =>
        verbalizer.verbalize({ triples: entry.triples }).replace(/\s+/g, ' '),
      )
      const target = pooled[index] as { hyps: string[]; refs: string[][] }
      target.hyps.push(...hyps)
      target.refs.push(...refs)
      ;(perCategory[index] as Record<string, { n: number; bleu: number; chrf: number }>)[category] =
        {
          n: held.length,
          bleu: corpusBleu(hyps, refs).bleu,
          chrf: corpusChrf(hyps, refs).chrf,
        }
    })
  }
  return options.configs.map((config, index) => {
    const target = pooled[index] as { hyps: string[]; refs: string[][] }
    const bleu = corpusBleu(target.hyps, target.refs)
    return {
      name: config.name,
      n: target.hyps.length,
      bleu: bleu.bleu,
      brevityPenalty: bleu.brevityPenalty,
      chrf: corpusChrf(target.hyps, target.refs).chrf,
      byCategory: perCategory[index] as Record<string, { n: number; bleu: number; chrf: number }>,
    }
  })
}

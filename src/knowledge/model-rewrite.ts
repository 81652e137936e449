/**
 * Model mode of verbalisation: a model rewrites the template text into fluent prose, and the
 * rewrite is kept only when it passes the consistency gate (read back by the model, since no
 * template inverse reads free prose); otherwise the template text stays.
 */
import type { ChatModel } from '../llm/index.js'
import { checkConsistency, parseWithModel, type RejectionReason } from './consistency.js'
import type { Language } from './predicates.js'
import { canonicalPredicate } from './predicates.js'
import { displayEntity } from './surface.js'
import type { Triple } from './triples.js'

/** The outcome of one rewrite. */
export interface RewriteResult {
  text: string
  /** `model` when the rewrite passed the gate, `template` when the template text was kept. */
  mode: 'model' | 'template'
  /** Why the rewrite was rejected (empty when it passed). */
  rejected: RejectionReason[]
}

/**
 * Rewrites one template text with the model and gates it.
 *
 * @param options.templateText - the template verbalisation of `triples` (kept on rejection)
 */
export async function rewriteWithModel(options: {
  model: ChatModel
  templateText: string
  triples: readonly Triple[]
  language: Language
  signal?: AbortSignal
}): Promise<RewriteResult> {
  const names = [
    ...new Set(
      options.triples.flatMap((triple) => [
        displayEntity(triple.subject),
        displayEntity(triple.object),
      ]),
    ),
  ]
  const instruction =
    options.language === 'zh'
      ? `请把下面的句子改写成通顺、专业的中文医学表述。必须保留每一个事实，不得增加新的事实或实体；以下名称必须原样出现：${names.join('；')}。只输出改写后的文字。`
      : `Rewrite the text below as fluent, precise medical English. Keep every fact, add no fact or entity, and write these names exactly as given: ${names.join('; ')}. Output only the rewritten text.`
  const reply = await options.model.chat({
    messages: [
      { role: 'system', content: instruction },
      { role: 'user', content: options.templateText },
    ],
    temperature: 0,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  })
  const text = (reply.choices[0]?.text ?? '').trim()
  if (text === '') return { text: options.templateText, mode: 'template', rejected: ['too_short'] }
  const parsed = await parseWithModel({
    model: options.model,
    text,
    predicates: [...new Set(options.triples.map((triple) => canonicalPredicate(triple.predicate)))],
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  })
  const verdict = checkConsistency({
    text,
    triples: options.triples,
    language: options.language,
    parsed,
  })
  if (verdict.ok) return { text, mode: 'model', rejected: [] }
  return { text: options.templateText, mode: 'template', rejected: verdict.reasons }
}

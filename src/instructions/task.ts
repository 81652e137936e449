/**
 * The instruction-task file (`galen-task/1`): a superset of Super-NaturalInstructions' task JSON.
 * SuperNI fields (`Definition`, `Positive Examples`, `Negative Examples`, `Instances`, ...) keep
 * their meaning; Galen's own fields live under one `Galen` key, so a SuperNI file loads as it is
 * and a Galen file stays a valid SuperNI file. See docs/instruction-data.md.
 */
import { z } from 'zod'
import { InputError, type SafeParseResult } from '../errors.js'

/** The task file format tag (inside the `Galen` block). */
export const TASK_FORMAT = 'galen-task/1'

/** The report's four ability dimensions (QuarkMed section 3.1, Figure 1). */
export const DIMENSIONS = [
  'comprehension',
  'generation',
  'knowledge-application',
  'reasoning',
] as const
/** An ability dimension. */
export type Dimension = (typeof DIMENSIONS)[number]

/** Languages a task may be rendered in. */
export const LANGUAGES = ['en', 'zh'] as const
/** A task language. */
export type Language = (typeof LANGUAGES)[number]

/** Slot types a template may declare; a value is always rendered as text. */
export const SLOT_TYPES = [
  'text',
  'drug',
  'condition',
  'test',
  'population',
  'passage',
  'passages',
  'options',
  'list',
  'number',
  'unit',
  'vignette',
  'category',
] as const
/** A slot type. */
export type SlotType = (typeof SLOT_TYPES)[number]

/** Checker kinds: how an output is validated. */
export const CHECKER_TYPES = [
  'exact',
  'set',
  'number',
  'json-schema',
  'contains',
  'quote',
  'citation',
  'verifier',
  'judge',
] as const
/** A checker kind. */
export type CheckerType = (typeof CHECKER_TYPES)[number]

/** How an output is checked. */
export interface CheckerSpec {
  type: CheckerType
  /** `number`: relative tolerance (default 0.01). */
  tolerance?: number
  /** `json-schema`: the schema the output must satisfy. */
  schema?: Record<string, unknown>
  /** `json-schema`: fields compared with the gold output (exact, or as sets for arrays). */
  fields?: string[]
  /** `verifier`: the Galen verifier (`exam`). */
  verifier?: string
  /** `judge`: the rubric the judge applies. */
  rubric?: string
}

/** Provenance of a task's sources. */
export interface TaskSource {
  name: string
  path?: string
  licence: string
}

/** A task: what the registry holds (SuperNI tasks are converted to this shape). */
export interface InstructionTask {
  id: string
  name: string
  dimension: Dimension
  kind: 'atomic' | 'composite'
  /** Mixture group (`galen-mixture/1` group names may name it). */
  group: string
  prerequisites: string[]
  languages: Language[]
  /** Declared slots and their types. */
  slots: Record<string, SlotType>
  /** Instruction templates per language; `{slot}` marks a slot. */
  templates: Partial<Record<Language, string[]>>
  /** `text` or `json` output. */
  output: 'text' | 'json'
  /** The generator that makes instances: a built-in name, or `superni-instances`. */
  generator: { name: string; params: Record<string, unknown> }
  checker: CheckerSpec
  sources: TaskSource[]
  licence: string
  /** Where the task came from: a Galen task file or a plain SuperNI file. */
  origin: 'galen' | 'superni'
  /** The file it was read from, when read from a file. */
  path?: string
  /** SuperNI instances kept as given (plain SuperNI tasks replay them). */
  instances: Array<{ id?: string; input: string; output: string[] }>
  /** SuperNI definition (English), kept for exports. */
  definition: string
}

const slotTypeSchema = z.enum(SLOT_TYPES)
const checkerSchema = z
  .object({
    type: z.enum(CHECKER_TYPES),
    tolerance: z.number().positive().max(1).optional(),
    schema: z.record(z.string(), z.unknown()).optional(),
    fields: z.array(z.string().min(1)).optional(),
    verifier: z.string().min(1).optional(),
    rubric: z.string().min(1).optional(),
  })
  .strict()

const galenBlockSchema = z
  .object({
    format: z.literal(TASK_FORMAT),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a kebab-case id'),
    name: z.string().min(1),
    dimension: z.enum(DIMENSIONS),
    kind: z.enum(['atomic', 'composite']),
    group: z.string().min(1),
    prerequisites: z.array(z.string().min(1)).default([]),
    languages: z.array(z.enum(LANGUAGES)).min(1),
    slots: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), slotTypeSchema),
    templates: z
      .object({
        en: z.array(z.string().min(1)).optional(),
        zh: z.array(z.string().min(1)).optional(),
      })
      .strict(),
    output: z.enum(['text', 'json']),
    generator: z.object({
      name: z.string().min(1),
      params: z.record(z.string(), z.unknown()).default({}),
    }),
    checker: checkerSchema,
    sources: z
      .array(
        z
          .object({
            name: z.string().min(1),
            path: z.string().optional(),
            licence: z.string().min(1),
          })
          .strict(),
      )
      .min(1),
    licence: z.string().min(1),
  })
  .strict()

const stringOrList = z.union([z.string(), z.array(z.string())])
const superniSchema = z
  .object({
    Definition: stringOrList,
    Categories: z.array(z.string()).optional(),
    Source: z.array(z.string()).optional(),
    'Instance License': z.array(z.string()).optional(),
    'Positive Examples': z.array(z.unknown()).optional(),
    'Negative Examples': z.array(z.unknown()).optional(),
    Instances: z
      .array(
        z.object({
          id: z.string().optional(),
          input: z.string(),
          output: stringOrList,
        }),
      )
      .optional(),
    Galen: z.unknown().optional(),
  })
  .passthrough()

function fail(source: string, issue: z.core.$ZodIssue | undefined, value: unknown) {
  const field = issue?.path.map(String).join('.') || '(root)'
  return {
    ok: false as const,
    error: new InputError(`instructions: ${source} field "${field}": ${issue?.message}`, {
      field,
      value,
    }),
  }
}

/** SuperNI categories mapped to an ability dimension (unlisted ones count as comprehension). */
const SUPERNI_DIMENSIONS: Record<string, Dimension> = {
  'Text Categorization': 'comprehension',
  'Named Entity Recognition': 'comprehension',
  'Information Extraction': 'comprehension',
  'Question Answering': 'knowledge-application',
  'Text Matching': 'comprehension',
  'Question Generation': 'generation',
  Summarization: 'generation',
  Paraphrasing: 'generation',
  Reasoning: 'reasoning',
}

/**
 * Checks a task file given as untrusted JSON. A file with a `Galen` block is a Galen task; a
 * file without one is a plain SuperNI task: its `Definition` becomes the single English template
 * (`{input}` appended), its `Instances` are replayed as they are and checked by exact match.
 *
 * @param value - the parsed JSON
 * @param source - the file name, used as the id of a SuperNI task and in messages
 */
export function safeParseTaskFile(
  value: unknown,
  source: string,
): SafeParseResult<InstructionTask> {
  const superni = superniSchema.safeParse(value)
  if (!superni.success) return fail(source, superni.error.issues[0], value)
  const file = superni.data
  const definition = Array.isArray(file.Definition) ? file.Definition.join('\n') : file.Definition
  const instances = (file.Instances ?? []).map((instance) => ({
    ...(instance.id === undefined ? {} : { id: instance.id }),
    input: instance.input,
    output: Array.isArray(instance.output) ? instance.output : [instance.output],
  }))
  if (file.Galen === undefined) {
    const base = source.replace(/^.*[\\/]/, '').replace(/(\.first\d+)?\.json$/i, '')
    const id = base
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
    const category = file.Categories?.[0] ?? ''
    return {
      ok: true,
      value: {
        id,
        name: base,
        dimension: SUPERNI_DIMENSIONS[category] ?? 'comprehension',
        kind: 'atomic',
        group: 'superni',
        prerequisites: [],
        languages: ['en'],
        slots: { input: 'text' },
        templates: { en: [`${definition.trim()}\n\n{input}`] },
        output: 'text',
        generator: { name: 'superni-instances', params: {} },
        checker: { type: 'exact' },
        sources: (file.Source ?? ['superni']).map((name) => ({
          name,
          licence: file['Instance License']?.[0] ?? 'see source',
        })),
        licence: file['Instance License']?.[0] ?? 'see source',
        origin: 'superni',
        path: source,
        instances,
        definition,
      },
    }
  }
  const galen = galenBlockSchema.safeParse(file.Galen)
  if (!galen.success) {
    const issue = galen.error.issues[0]
    return fail(
      source,
      issue === undefined ? undefined : { ...issue, path: ['Galen', ...issue.path] },
      value,
    )
  }
  const block = galen.data
  const templates: Partial<Record<Language, string[]>> = {}
  if (block.templates.en !== undefined) templates.en = block.templates.en
  if (block.templates.zh !== undefined) templates.zh = block.templates.zh
  const checker: CheckerSpec = { type: block.checker.type }
  if (block.checker.tolerance !== undefined) checker.tolerance = block.checker.tolerance
  if (block.checker.schema !== undefined) checker.schema = block.checker.schema
  if (block.checker.fields !== undefined) checker.fields = block.checker.fields
  if (block.checker.verifier !== undefined) checker.verifier = block.checker.verifier
  if (block.checker.rubric !== undefined) checker.rubric = block.checker.rubric
  return {
    ok: true,
    value: {
      id: block.id,
      name: block.name,
      dimension: block.dimension,
      kind: block.kind,
      group: block.group,
      prerequisites: block.prerequisites,
      languages: block.languages,
      slots: block.slots,
      templates,
      output: block.output,
      generator: block.generator,
      checker,
      sources: block.sources.map((entry) => ({
        name: entry.name,
        licence: entry.licence,
        ...(entry.path === undefined ? {} : { path: entry.path }),
      })),
      licence: block.licence,
      origin: 'galen',
      path: source,
      instances,
      definition,
    },
  }
}

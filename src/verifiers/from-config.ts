/**
 * Builds the composite verifier from configuration: the `verifiers` section, the `judge` model
 * section and the terminology folder.
 */
import { resolve } from 'node:path'
import { type ChatModelConfig, createChatModelFromSettings } from '../llm/index.js'
import {
  createTestLexicon,
  loadTerminology,
  readLexiconEntries,
  type Terminology,
} from '../terminology/index.js'
import { createJudge, type Judge } from './judge.js'
import { parseVerifierSettings, type VerifierSettings } from './settings.js'
import { createItemVerifier, type ItemVerifier } from './verify-item.js'

/** Inputs of {@link createVerifierFromConfig}. */
export interface VerifierConfigInputs {
  /** The raw `verifiers` section (validated here). */
  verifiers?: unknown
  /** The `judge` model section; without `url` or `gguf` no judge is used. */
  judge?: { [Key in keyof ChatModelConfig]?: ChatModelConfig[Key] | undefined }
  /**
   * Folder (or folders) of terminology files, each recognised by layout (ICD-10-CM, the ICD-10
   * Beijing clinical edition, ...); undefined uses only the shipped lexicons.
   */
  terminology?: string | readonly string[]
}

/** A ready verifier with what it was built from. */
export interface ConfiguredVerifier {
  verifier: ItemVerifier
  terminology: Terminology
  settings: VerifierSettings
  judge: Judge | undefined
}

/**
 * Validates the settings, loads the terminology (cached per process) and, when a judge model is
 * configured and the judge mode is not `never`, connects the judge.
 *
 * @throws ConfigError for invalid settings; InputError for an unreadable terminology folder.
 */
export async function createVerifierFromConfig(
  inputs: VerifierConfigInputs,
): Promise<ConfiguredVerifier> {
  const settings = parseVerifierSettings(inputs.verifiers)
  const terminology = loadTerminology(inputs.terminology)
  let judge: Judge | undefined
  const judgeConfigured =
    inputs.judge !== undefined &&
    (inputs.judge.url !== undefined || inputs.judge.gguf !== undefined)
  if (judgeConfigured && settings.judge?.mode !== 'never') {
    const defined = Object.fromEntries(
      Object.entries(inputs.judge ?? {}).filter(([, value]) => value !== undefined),
    ) as ChatModelConfig
    const model = await createChatModelFromSettings(defined, 'judge')
    const judgeSettings = settings.judge ?? {}
    judge = createJudge({
      model,
      ...(judgeSettings.samples === undefined ? {} : { samples: judgeSettings.samples }),
      ...(judgeSettings.temperature === undefined
        ? {}
        : { temperature: judgeSettings.temperature }),
      ...(judgeSettings.timeoutMs === undefined ? {} : { timeoutMs: judgeSettings.timeoutMs }),
      ...(judgeSettings.cacheSize === undefined ? {} : { cacheSize: judgeSettings.cacheSize }),
      ...(judgeSettings.principles === undefined ? {} : { principles: judgeSettings.principles }),
    })
  }
  const tests =
    settings.testLexicon === undefined
      ? undefined
      : createTestLexicon(readLexiconEntries(resolve(settings.testLexicon)))
  const verifier = createItemVerifier({
    terminology,
    settings,
    ...(judge === undefined ? {} : { judge }),
    ...(tests === undefined ? {} : { tests }),
  })
  return { verifier, terminology, settings, judge }
}

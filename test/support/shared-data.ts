/**
 * Locates files of the workplace's shared data folder (`../shared/data` beside the repository).
 * Under CI a missing file fails the test loudly; on a developer machine without the data the
 * test is skipped with the reason, never silently passed.
 */
import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** Absolute path of the shared data folder (override with GALEN_SHARED_DATA). */
export const sharedDataRoot = resolve(
  process.env.GALEN_SHARED_DATA ?? resolve(repositoryRoot, '..', 'shared', 'data'),
)

/** Absolute path of a file under the shared data folder. */
export function sharedDataPath(relative: string): string {
  return resolve(sharedDataRoot, relative)
}

/**
 * Whether the shared file exists. Throws under CI (CI=true) when it is missing, so a test that
 * needs it can never pass by skipping. Use as `describe.skipIf(!hasSharedData('x'))`.
 */
export function hasSharedData(relative: string): boolean {
  const path = sharedDataPath(relative)
  if (existsSync(path)) return true
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(
      `shared data missing under CI: "${path}" (expected ../shared/data beside the repository)`,
    )
  }
  return false
}

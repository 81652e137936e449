/**
 * `npm run bench [-- NAME...]`: runs every `bench/*.bench.ts` (or the named ones) in turn. Each
 * bench file exports `run(): Promise<void>` that prints its figures and compares them with a
 * baseline measured in the same run. Record results in bench/RESULTS.md with the command.
 */
import { readdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const folder = dirname(fileURLToPath(import.meta.url))
const wanted = process.argv.slice(2).filter((argument) => !argument.startsWith('-'))
const files = readdirSync(folder)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => wanted.length === 0 || wanted.includes(name.replace(/\.bench\.ts$/, '')))
  .sort()

if (files.length === 0) {
  console.error(`bench: no benchmark matches ${wanted.join(', ') || '(none found)'}`)
  process.exitCode = 2
} else {
  let failed = 0
  for (const file of files) {
    const name = file.replace(/\.bench\.ts$/, '')
    console.log(`\n=== bench ${name} ===`)
    const started = performance.now()
    try {
      const module = (await import(pathToFileURL(`${folder}/${file}`).href)) as {
        run: () => Promise<void>
      }
      await module.run()
    } catch (error) {
      failed += 1
      console.error(
        `bench ${name} failed: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
    console.log(`=== ${name}: ${((performance.now() - started) / 1000).toFixed(1)} s ===`)
  }
  if (failed > 0) process.exitCode = 1
}

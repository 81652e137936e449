#!/usr/bin/env node
// Entry point of the `galen` command: runs the compiled CLI (built by `npm ci` through `prepare`).
import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'

const compiled = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url))
if (!existsSync(compiled)) {
  process.stderr.write(
    'galen: the CLI is not built; run "npm run build" (npm ci does it for you)\n',
  )
  process.exit(1)
}
const { main } = await import(pathToFileURL(compiled).href)
process.exitCode = await main(process.argv)

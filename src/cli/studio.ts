/**
 * `galen studio`: the review studio over a curation project (see docs/sft-curation.md). Reviewers
 * come from `--token NAME=TOKEN` and the project's `curation.json` (roles, overlap); without any
 * token the studio only listens on loopback.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { InputError } from '../errors.js'
import { parseNumberOption, runAction, UsageError } from './run-command.js'

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value]
}

async function studio(options: {
  project: string
  host: string
  port: string
  token: string[]
}): Promise<number> {
  const port = parseNumberOption('--port', options.port, {
    integer: true,
    min: 0,
    max: 65535,
  }) as number
  const curation = await import('../curation/index.js')
  const { startStudio } = await import('../server/studio-app.js')
  const folder = resolve(options.project)
  if (!existsSync(curation.projectStorePath(folder))) {
    throw new InputError(
      `studio: project "${options.project}" holds no reviews.sqlite (run galen sft draft first)`,
      { field: '--project', value: options.project },
    )
  }
  const config = curation.readProjectConfig(folder)
  const reviewers = new Map(config.reviewers.map((reviewer) => [reviewer.name, { ...reviewer }]))
  for (const entry of options.token) {
    const equals = entry.indexOf('=')
    const name = entry.slice(0, equals)
    const token = entry.slice(equals + 1)
    if (equals <= 0 || !/^[\p{L}\p{N}_.-]{1,64}$/u.test(name)) {
      throw new UsageError(
        `option --token "${name || entry}" is invalid: expected NAME=TOKEN (name of letters, digits, _ . -)`,
      )
    }
    if (token.length < 16)
      throw new UsageError(`option --token ${name}=...: the token must have at least 16 characters`)
    reviewers.set(name, { name, role: reviewers.get(name)?.role ?? 'reviewer', token })
  }
  const list = [...reviewers.values()]
  const project = curation.openProject({
    folder,
    reviewers: list
      .filter((reviewer) => reviewer.role !== 'admin')
      .map((reviewer) => reviewer.name),
    overlap: config.overlap,
  })
  const app = await startStudio({ project, reviewers: list, host: options.host, port }).catch(
    async (error: unknown) => {
      await project.close()
      throw error
    },
  )
  process.stdout.write(
    `galen studio: listening on ${app.url} (${list.filter((reviewer) => reviewer.token).length} reviewer tokens)\n`,
  )
  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await app.close()
  await project.close()
  return 0
}

/** Registers `galen studio`. */
export function register(program: Command): void {
  program
    .command('studio')
    .description('serve the review studio for a curation project')
    .requiredOption('--project <dir>', 'project folder (from galen sft draft)')
    .option(
      '--host <host>',
      'interface to listen on (beyond loopback only with tokens)',
      '127.0.0.1',
    )
    .option('--port <port>', 'port (0 picks a free one)', '8790')
    .option(
      '--token <name=token>',
      'a reviewer and their bearer token (repeatable; roles from curation.json)',
      collect,
      [],
    )
    .action((options) => runAction(() => studio(options)))
}

/**
 * `galen tasks list|show|validate|graph`: the instruction-task registry (src/instructions).
 */
import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { EXIT_FAILURE, EXIT_OK, parseNumberOption, printJson, runAction } from './run-command.js'

interface RegistryOptions {
  registry?: string
  json?: boolean
}

async function openRegistry(options: RegistryOptions) {
  const module = await import('../instructions/index.js')
  return {
    module,
    registry: module.loadTaskRegistry(options.registry ?? module.BUILTIN_TASK_DIRECTORY),
  }
}

function registryOption(command: Command): Command {
  return command
    .option(
      '--registry <dir>',
      'folder of task files (Galen or SuperNI JSON; default: the built-in tasks)',
    )
    .option('--json', 'print JSON')
}

/** Registers `galen tasks`. */
export function register(program: Command): void {
  const tasks = program
    .command('tasks')
    .description(
      'instruction tasks: list, show, validate and draw the curriculum of a task registry',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ galen tasks list\n  $ galen tasks show drug-class\n  $ galen tasks validate --json\n  $ galen tasks validate --registry ../shared/data/instructions/superni\n  $ galen tasks graph --html curriculum.html',
    )

  registryOption(tasks.command('list').description('list the tasks of a registry')).action(
    (options: RegistryOptions) =>
      runAction(async () => {
        const { registry } = await openRegistry(options)
        if (options.json) {
          printJson(
            registry.tasks.map((task) => ({
              id: task.id,
              name: task.name,
              dimension: task.dimension,
              kind: task.kind,
              group: task.group,
              languages: task.languages,
              prerequisites: task.prerequisites,
              checker: task.checker.type,
              origin: task.origin,
            })),
          )
          return EXIT_OK
        }
        for (const task of registry.tasks) {
          process.stdout.write(
            `${task.id.padEnd(36)} ${task.dimension.padEnd(22)} ${task.kind.padEnd(9)} ${task.languages.join(',').padEnd(6)} ${task.name}\n`,
          )
        }
        process.stdout.write(`${registry.tasks.length} tasks\n`)
        return EXIT_OK
      }),
  )

  registryOption(
    tasks
      .command('show <id>')
      .description(
        'show one task: templates, slots, generator, checker, sources and sample instances',
      )
      .option('--samples <n>', 'sample instances to show per language', '1')
      .option('--seed <seed>', 'seed of the sample instances', '1'),
  ).action((id: string, options: RegistryOptions & { samples: string; seed: string }) =>
    runAction(async () => {
      const { module, registry } = await openRegistry(options)
      const task = registry.get(id)
      const samples =
        parseNumberOption('--samples', options.samples, { integer: true, min: 0 }) ?? 1
      const sources = samples > 0 && task.origin === 'galen' ? module.loadTaskSources() : undefined
      const examples: Array<{ language: string; prompt: string; output: string }> = []
      for (const language of task.languages) {
        for (let index = 0; index < samples; index += 1) {
          if (sources === undefined && task.origin === 'galen') break
          const instance = module.makeInstance(task, sources ?? emptySources(), {
            seed: options.seed,
            index,
            language,
            template: index,
          })
          examples.push({ language, prompt: instance.prompt, output: instance.output })
        }
      }
      const { instances: _instances, ...shown } = task
      if (options.json) {
        printJson({ ...shown, instances: task.instances.length, examples })
        return EXIT_OK
      }
      const lines = [
        `${task.id}: ${task.name}`,
        `dimension ${task.dimension}, ${task.kind}, group ${task.group}, languages ${task.languages.join(', ')}`,
        `prerequisites: ${task.prerequisites.join(', ') || '(none)'}`,
        `slots: ${Object.entries(task.slots)
          .map(([name, type]) => `${name}: ${type}`)
          .join(', ')}`,
        `generator: ${task.generator.name}; checker: ${task.checker.type}; output: ${task.output}`,
        `sources: ${task.sources.map((source) => `${source.name} (${source.licence})`).join('; ')}`,
      ]
      for (const language of task.languages) {
        lines.push(`templates (${language}):`)
        for (const [position, template] of (task.templates[language] ?? []).entries()) {
          lines.push(`  ${position + 1}. ${template.replaceAll('\n', '\n     ')}`)
        }
      }
      for (const example of examples) {
        lines.push(`example (${example.language}):`, example.prompt, `=> ${example.output}`)
      }
      process.stdout.write(`${lines.join('\n')}\n`)
      return EXIT_OK
    }),
  )

  registryOption(
    tasks
      .command('validate')
      .description(
        'validate a registry: template counts, slots, near-duplicates, prerequisite cycles, and each checker against its own gold outputs',
      )
      .option('--samples <n>', 'gold instances checked per task and language', '20')
      .option('--corpus <dir>', 'corpus folder for the generators (default: data/demo-corpus)'),
  ).action((options: RegistryOptions & { samples: string; corpus?: string }) =>
    runAction(async () => {
      const { module, registry } = await openRegistry(options)
      const samples =
        parseNumberOption('--samples', options.samples, { integer: true, min: 0 }) ?? 20
      const needsSources = registry.tasks.some((task) => task.origin === 'galen')
      const sources = needsSources
        ? module.loadTaskSources(options.corpus === undefined ? {} : { corpus: options.corpus })
        : emptySources()
      const report = module.validateRegistry(registry, { sources, samples })
      if (options.json) printJson(report)
      else {
        process.stdout.write(
          `${report.tasks} tasks; by dimension ${JSON.stringify(report.by_dimension)}; by language ${JSON.stringify(report.by_language)}; fewest templates ${report.min_templates}\n`,
        )
        for (const issue of report.errors) process.stdout.write(`error: ${issue.message}\n`)
        for (const issue of report.warnings) process.stdout.write(`warning: ${issue.message}\n`)
        process.stdout.write(
          report.errors.length === 0 ? 'no errors\n' : `${report.errors.length} error(s)\n`,
        )
      }
      return report.errors.length === 0 ? EXIT_OK : EXIT_FAILURE
    }),
  )

  registryOption(
    tasks
      .command('graph')
      .description('draw the curriculum (stages from the prerequisite DAG) as text, SVG or HTML')
      .option('--svg <file>', 'write the graph as SVG')
      .option('--html <file>', 'write a self-contained HTML page with the graph'),
  ).action((options: RegistryOptions & { svg?: string; html?: string }) =>
    runAction(async () => {
      const { registry } = await openRegistry(options)
      const graph = await import('../instructions/graph.js')
      if (options.svg !== undefined) writeFileSync(options.svg, graph.renderGraphSvg(registry))
      if (options.html !== undefined) writeFileSync(options.html, graph.renderGraphHtml(registry))
      if (options.json) {
        printJson({
          stages: graph.stageLists(registry),
          edges: registry.tasks.flatMap((task) =>
            task.prerequisites.map((prerequisite) => ({ from: prerequisite, to: task.id })),
          ),
        })
      } else if (options.svg === undefined && options.html === undefined) {
        process.stdout.write(graph.renderGraphText(registry))
      } else {
        const written = [options.svg, options.html].filter((path) => path !== undefined)
        process.stdout.write(`wrote ${written.join(' and ')}\n`)
      }
      return EXIT_OK
    }),
  )
}

/** Sources for registries of plain SuperNI tasks (their instances need none). */
function emptySources(): import('../instructions/index.js').TaskSources {
  return {
    corpus: [],
    zhDrugs: new Map(),
    enToZhDrug: new Map(),
    brands: new Map(),
    generics: [],
    abbreviations: { en: new Map(), zh: new Map() },
    testsEn: [],
    testsZh: [],
    conditions: [],
    chapters: {},
    departments: {},
    drugClasses: [],
    populations: {},
    provenance: [],
  }
}

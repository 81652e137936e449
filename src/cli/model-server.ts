/**
 * `galen model-server`: serves a model script over the OpenAI protocol, for dry runs of
 * evaluations and reward checks without a GPU.
 */
import type { Command } from 'commander'
import { parseNumberOption, printJson, runAction, UsageError } from './run-command.js'

interface ModelServerOptions {
  script?: string
  port?: string
  host?: string
  log?: boolean
  json?: boolean
}

/** Registers `galen model-server`. */
export function register(program: Command): void {
  program
    .command('model-server')
    .description(
      'serve a scripted OpenAI-compatible model (chat, streaming, embeddings) from a script file',
    )
    .requiredOption(
      '--script <file>',
      'JSON script: rules, replies, failures (see docs/model-server.md)',
    )
    .option('--port <n>', 'port to listen on (0 picks a free one)', '8089')
    .option('--host <address>', 'interface to listen on', '127.0.0.1')
    .option('--log', 'print one line per request on stderr, with its request hash')
    .option('--json', 'print the listening address as JSON (and log lines as JSON)')
    .addHelpText(
      'after',
      [
        '',
        'Example:',
        '  $ galen model-server --script triage.script.json --port 8089 --log',
        '  $ GALEN_MODEL_URL=http://127.0.0.1:8089/v1 GALEN_MODEL=scripted galen eval ...',
        '',
        'Script (JSON):',
        '  { "rules": [ { "match": { "regex": "chest pain" }, "reply": "B" },',
        '               { "match": { "contains": "dose" }, "replies": ["40 mg", "80 mg"],',
        '                 "failures": [ { "status": 429 } ] } ],',
        '    "fallback": "I do not know." }',
        '',
        'Stop with Ctrl-C.',
      ].join('\n'),
    )
    .action((options: ModelServerOptions) =>
      runAction(async () => {
        if (options.script === undefined) throw new UsageError('model-server: --script is required')
        const port = parseNumberOption('--port', options.port, {
          integer: true,
          min: 0,
          max: 65535,
        })
        const host = options.host ?? '127.0.0.1'
        const { loadModelScript, startScriptedModelServer } = await import('../llm/index.js')
        const script = loadModelScript(options.script)
        const server = await startScriptedModelServer({
          script,
          host,
          ...(port === undefined ? {} : { port }),
          ...(options.log
            ? {
                hashRequests: true,
                onRequest: (entry) => {
                  if (options.json) {
                    process.stderr.write(`${JSON.stringify(entry)}\n`)
                    return
                  }
                  const message =
                    entry.lastUserMessage === undefined
                      ? ''
                      : ` "${entry.lastUserMessage.replace(/\s+/g, ' ').slice(0, 60)}"`
                  const rule = entry.ruleIndex === undefined ? '' : ` rule ${entry.ruleIndex}`
                  const hash = entry.requestHash === undefined ? '' : ` hash ${entry.requestHash}`
                  process.stderr.write(
                    `${entry.method} ${entry.path} ${entry.status} ${entry.outcome}${rule}${hash}${message}\n`,
                  )
                },
              }
            : {}),
        })
        if (options.json) {
          printJson({
            url: server.url,
            port: server.port,
            host: server.host,
            rules: script.rules.length,
          })
        } else {
          process.stdout.write(
            `galen model-server: listening on ${server.url} (${script.rules.length} rules, models: ${(script.models ?? ['scripted']).join(', ')})\n`,
          )
        }
        await new Promise<void>((resolve) => {
          const stop = (): void => {
            process.off('SIGINT', stop)
            process.off('SIGTERM', stop)
            server.close().then(resolve, resolve)
          }
          process.on('SIGINT', stop)
          process.on('SIGTERM', stop)
        })
      }),
    )
}

/**
 * `galen reward serve`: runs the reward server that RL engines (verl, OpenRLHF, TRL) call.
 */
import type { Command } from 'commander'
import { loadConfig } from './config.js'
import { EXIT_OK, parseNumberOption, printJson, runAction } from './run-command.js'
import { rewardLimits } from './serve.js'

interface ServeOptions {
  port?: string
  host?: string
  terminology?: string[]
  token?: string
  insecureNoAuth?: boolean
  json?: boolean
}

/** Registers `galen reward` and its `serve` subcommand. */
export function register(program: Command): void {
  const reward = program
    .command('reward')
    .description('the reward server for RL training (verl, OpenRLHF, TRL)')
  reward
    .command('serve')
    .description(
      'serve the verifiers over HTTP: POST /get_reward (OpenRLHF), POST /v1/rewards, GET /healthz, GET /metrics',
    )
    .option(
      '--port <n>',
      'port to listen on (0 picks a free one; default: config rewards.port or 8008)',
    )
    .option(
      '--host <address>',
      'interface to listen on (default: config rewards.host or 127.0.0.1)',
    )
    .option(
      '--terminology <dir>',
      'folder of ICD-10-CM, Disease Ontology, DrugBank or ICD-10 Beijing clinical edition files; repeat for several (default: config "terminology")',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--token <token>',
      'require "Authorization: Bearer <token>", at least 16 characters (default: $GALEN_REWARD_TOKEN or config rewards.token); required beyond loopback',
    )
    .option(
      '--insecure-no-auth',
      'allow listening beyond loopback without a token (closed lab networks only; warns on every start)',
    )
    .option('--json', 'print the listening address as JSON')
    .addHelpText(
      'after',
      [
        '',
        'Example:',
        '  $ galen reward serve --port 8008 --terminology ../shared/data/terminology',
        '  $ curl -s localhost:8008/v1/rewards -H "content-type: application/json" -d \'{"items":[{"task":"exam","response":"Answer: C","ground_truth":{"answer":"C"}}]}\'',
        '',
        'Settings come from the config file (--config): "rewards" (host, port, token, maxBodyBytes,',
        'maxBufferedBytes, maxReceiving, concurrency, maxQueue, itemTimeoutMs, itemCpuMs, maxItemChars,',
        'maxJsonDepth, headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs, defaultTask), "verifiers"',
        '(weights, judge, exam, diagnosis) and "judge" (the judge model). See docs/rewards.md for verl,',
        'OpenRLHF and TRL, docs/security.md for keys and limits.',
        'Stop with Ctrl-C.',
      ].join('\n'),
    )
    .action((options: ServeOptions, command: Command) =>
      runAction(async () => {
        const configPath = command.optsWithGlobals<{ config?: string }>().config
        const { config } = loadConfig(configPath === undefined ? {} : { path: configPath })
        const { parseRewardSettings, createRewardServer } = await import('../rewards/index.js')
        const rewards = parseRewardSettings(config.rewards)
        const port =
          parseNumberOption('--port', options.port, { integer: true, min: 0, max: 65535 }) ??
          rewards.port ??
          8008
        const host = options.host ?? rewards.host ?? '127.0.0.1'
        const fromEnvironment = process.env.GALEN_REWARD_TOKEN
        const token =
          options.token ??
          (fromEnvironment === undefined || fromEnvironment === '' ? undefined : fromEnvironment) ??
          rewards.token
        const { checkApiKey } = await import('../http-guard/index.js')
        if (token !== undefined) {
          checkApiKey(
            token,
            options.token !== undefined
              ? '--token'
              : fromEnvironment
                ? 'GALEN_REWARD_TOKEN'
                : 'rewards.token',
          )
        }
        const terminology = options.terminology ?? config.terminology
        const { createVerifierFromConfig } = await import('../verifiers/index.js')
        const started = performance.now()
        const configured = await createVerifierFromConfig({
          verifiers: config.verifiers,
          ...(config.judge === undefined ? {} : { judge: config.judge }),
          ...(terminology === undefined ? {} : { terminology }),
        })
        const server = createRewardServer({
          verifier: configured.verifier,
          host,
          port,
          ...(token === undefined ? {} : { token }),
          ...(options.insecureNoAuth === true ? { insecureNoAuth: true } : {}),
          ...rewardLimits(rewards),
        })
        const address = await server.start()
        if (address.warning !== undefined) process.stderr.write(`${address.warning}\n`)
        const loadMs = Math.round(performance.now() - started)
        const parts = {
          url: address.url,
          terminology: configured.terminology.directory ?? null,
          icd10cm: configured.terminology.icd?.codes.size ?? 0,
          judge: configured.judge === undefined ? null : (config.judge?.name ?? 'configured'),
          token: token !== undefined,
          loadMs,
        }
        if (options.json) printJson(parts)
        else {
          process.stderr.write(
            `galen reward server listening on ${address.url} (ICD-10-CM codes ${parts.icd10cm}, judge ${parts.judge ?? 'off'}, token ${parts.token ? 'required' : 'off'}, ready in ${loadMs} ms)\n`,
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
        return EXIT_OK
      }),
    )
}

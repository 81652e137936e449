/**
 * `galen serve`: the grounded-answer service (OpenAI-compatible chat with citations, search,
 * calculators, optional reward routes, health, metrics and the web page) on a retrieval index. With
 * no `--index` it builds and serves the demonstration corpus; with no model it answers in evidence
 * mode.
 */
import { basename, resolve } from 'node:path'
import type { Command } from 'commander'
import { loadConfig } from './config.js'
import { parseNumberOption, runAction, UsageError } from './run-command.js'

interface ServeOptions {
  index?: string
  host?: string
  port?: string
  modelUrl?: string
  model?: string
  apiKey?: string[]
  rateLimit?: string
  bodyLimit?: string
  timeout?: string
  rewards?: boolean
  insecureNoAuth?: boolean
  mode?: string
  log?: boolean
}

/** The reward server's limits from the `rewards` config section (without host, port and token). */
export function rewardLimits(
  settings: import('../rewards/index.js').RewardSettings,
): Partial<import('../rewards/index.js').RewardServerSettings> {
  const { host: _host, port: _port, token: _token, ...limits } = settings
  return Object.fromEntries(
    Object.entries(limits).filter(([, value]) => value !== undefined),
  ) as Partial<import('../rewards/index.js').RewardServerSettings>
}

/** Registers `galen serve`. */
export function register(program: Command): void {
  program
    .command('serve')
    .description('serve grounded answers with citations, search, calculators and the web page')
    .option(
      '--index <file>',
      'retrieval index (default: the demonstration corpus, built on first use)',
    )
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--port <n>', 'port (default 8787)')
    .option(
      '--model-url <url>',
      'OpenAI-compatible model server (default: config model.url); none = evidence mode',
    )
    .option('--model <name>', 'model name at that server')
    .option(
      '--api-key <key...>',
      'accepted API key(s), each at least 16 characters; required when listening beyond loopback (default: config server.apiKeys)',
    )
    .option(
      '--insecure-no-auth',
      'allow listening beyond loopback without a key (closed lab networks only; warns on every start)',
    )
    .option(
      '--rate-limit <n>',
      'requests per minute per client (default 0 = off on loopback, 120 elsewhere)',
    )
    .option('--body-limit <bytes>', 'largest request body (default 1048576)')
    .option('--timeout <ms>', 'deadline of one request (default 120000)')
    .option('--mode <mode>', 'search mode: bm25, dense or hybrid (default: the index decides)')
    .option('--rewards', 'also serve the reward routes (/get_reward, /v1/rewards)')
    .option('--log', 'log method, route, status and latency of each request (never bodies)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ galen serve                                   # demo corpus, evidence mode, http://127.0.0.1:8787\n  $ galen serve --index medical.db --model-url http://127.0.0.1:8000/v1 --model qwen3-8b\n  $ galen serve --host 0.0.0.0 --api-key "$GALEN_SERVER_KEY" --rewards',
    )
    .action((options: ServeOptions, command: Command) =>
      runAction(async () => {
        const globals = command.optsWithGlobals<{ config?: string }>()
        const { config } = loadConfig(globals.config === undefined ? {} : { path: globals.config })
        const host = options.host ?? config.server?.host ?? '127.0.0.1'
        const port =
          parseNumberOption('--port', options.port, { integer: true, min: 0, max: 65535 }) ??
          config.server?.port ??
          8787
        const { checkApiKey, checkBindPolicy, isLoopbackHost } = await import(
          '../http-guard/index.js'
        )
        const apiKeys = options.apiKey ?? config.server?.apiKeys ?? []
        apiKeys.forEach((key, position) => {
          checkApiKey(
            key,
            options.apiKey === undefined ? `server.apiKeys[${position}]` : '--api-key',
          )
        })
        const loopback = isLoopbackHost(host)
        const bindWarning = checkBindPolicy({
          host,
          keyCount: apiKeys.length,
          insecureNoAuth: options.insecureNoAuth === true,
          surface: 'serve',
          keyOption: '--api-key or server.apiKeys',
        })
        const rateLimit =
          parseNumberOption('--rate-limit', options.rateLimit, { integer: true, min: 0 }) ??
          (loopback ? 0 : 120)
        const bodyLimit =
          parseNumberOption('--body-limit', options.bodyLimit, { integer: true, min: 1024 }) ??
          1024 * 1024
        const timeout =
          parseNumberOption('--timeout', options.timeout, { integer: true, min: 1000 }) ?? 120_000
        const mode = options.mode
        if (mode !== undefined && !['bm25', 'dense', 'hybrid'].includes(mode)) {
          throw new UsageError(`serve: --mode "${mode}" is not one of bm25, dense, hybrid`)
        }

        const [
          { createAnswerer, createIndexEvidenceSource, loadDrugVocabulary, parseAnswerSettings },
          { openIndex },
          { createServiceApp },
        ] = await Promise.all([
          import('../answer/index.js'),
          import('../retrieval/index.js'),
          import('../server/index.js'),
        ])

        let indexPath = options.index ?? config.index
        if (indexPath === undefined) {
          const { defaultDemoIndexPath, ensureDemoIndex } = await import('../corpus/index.js')
          const demo = await ensureDemoIndex({ path: defaultDemoIndexPath() })
          indexPath = demo.path
          process.stderr.write(
            `serve: demonstration index ${demo.path}${demo.rebuilt ? ' (built now from data/demo-corpus)' : ''}\n`,
          )
        }
        const index = await openIndex({ path: indexPath, create: false })
        const evidence = createIndexEvidenceSource({
          // A name, not a path: /healthz and errors never show where files live.
          name: `index:${basename(index.path)}`,
          search: (searchOptions) => index.search(searchOptions),
          termStatistics: (statisticsOptions) => index.backend.termStatistics(statisticsOptions),
          ...(mode === undefined ? {} : { mode: mode as 'bm25' | 'dense' | 'hybrid' }),
        })

        const modelSettings = {
          ...(config.model ?? {}),
          ...(options.modelUrl === undefined ? {} : { url: options.modelUrl }),
          ...(options.model === undefined ? {} : { name: options.model }),
        }
        let model:
          | Awaited<ReturnType<typeof import('../llm/index.js')['createChatModelFromSettings']>>
          | undefined
        let judge: typeof model
        if (modelSettings.url !== undefined || modelSettings.gguf !== undefined) {
          const { createChatModelFromSettings } = await import('../llm/index.js')
          model = await createChatModelFromSettings(modelSettings)
          if (config.judge?.url !== undefined || config.judge?.gguf !== undefined) {
            judge = await createChatModelFromSettings(config.judge, 'judge')
          }
        }
        const lexicons = resolve(import.meta.dirname, '..', '..', 'data', 'lexicons')
        const drugVocabulary = loadDrugVocabulary(resolve(lexicons, 'common-drugs.json'), {
          brandsPath: resolve(lexicons, 'drug-brands.json'),
          chinesePath: resolve(lexicons, 'zh-drugs.json'),
        })
        const answerSettings = parseAnswerSettings(config.answer)
        const answerer = createAnswerer({
          evidence,
          drugVocabulary,
          ...(answerSettings.evidencePolicy === undefined
            ? {}
            : { evidencePolicy: answerSettings.evidencePolicy }),
          ...(model === undefined ? {} : { model }),
          ...(judge === undefined ? {} : { judge }),
        })

        let rewards: import('../server/index.js').RewardRoutes | undefined
        if (options.rewards) {
          const [{ createRewardServer, parseRewardSettings }, { createVerifierFromConfig }] =
            await Promise.all([import('../rewards/index.js'), import('../verifiers/index.js')])
          const rewardSettings = parseRewardSettings(config.rewards)
          const configured = await createVerifierFromConfig({
            verifiers: config.verifiers,
            ...(config.judge === undefined ? {} : { judge: config.judge }),
            ...(config.terminology === undefined ? {} : { terminology: config.terminology }),
          })
          // The service's keys guard the mounted routes; the reward server applies its limits,
          // with --body-limit as the body limit unless rewards.maxBodyBytes says otherwise.
          rewards = createRewardServer({
            verifier: configured.verifier,
            ...rewardLimits(rewardSettings),
            maxBodyBytes: rewardSettings.maxBodyBytes ?? bodyLimit,
          })
        }

        const { app } = createServiceApp({
          answerer,
          evidence,
          apiKeys,
          rateLimitPerMinute: rateLimit,
          bodyLimitBytes: bodyLimit,
          requestTimeoutMs: timeout,
          // The socket stays open for as long as an answer may take (a local model on a CPU can
          // be silent for longer than the default 35 s).
          connectionLimits: { idleTimeoutMs: timeout + 5_000 },
          logRequests: options.log === true,
          ...(rewards === undefined ? {} : { rewards }),
          health: {
            index: basename(index.path),
            generation: model === undefined ? 'evidence mode (no model)' : model.name,
          },
        })
        await app.listen({ host, port })
        const { boundUrl } = await import('../http-guard/index.js')
        if (bindWarning !== undefined) process.stderr.write(`${bindWarning}\n`)
        process.stderr.write(
          `serve: listening on ${boundUrl(app.server.address())} — ${model === undefined ? 'evidence mode (no model configured)' : `model ${model.model}`}; press Ctrl-C to stop\n`,
        )
        await new Promise<void>((resolveStop) => {
          const stop = () => {
            process.stderr.write('serve: stopping\n')
            app
              .close()
              .then(() => index.close())
              .finally(() => resolveStop())
          }
          process.once('SIGINT', stop)
          process.once('SIGTERM', stop)
        })
        return 0
      }),
    )
}

/**
 * Galen's LLM layer: the {@link ChatModel} interface, its backends (OpenAI-compatible HTTP, local
 * GGUF), the policies around them (retries, deadline, limits, cache, accounting) and the scripted
 * OpenAI-protocol server used by tests and dry runs.
 */
export {
  createLlamaCppModel,
  type LlamaCppModel,
  type LlamaCppModelSettings,
} from './backends/llama-cpp.js'
export {
  createOpenAICompatibleBackend,
  type OpenAICompatibleBackend,
  type OpenAICompatibleBackendSettings,
} from './backends/openai-compatible.js'
export type { ChatModelStats } from './call-stats.js'
export type {
  ChatChoice,
  ChatMessage,
  ChatModel,
  ChatOptions,
  ChatResult,
  ChatStreamEvent,
  EmbedOptions,
  EmbedResult,
  FinishReason,
  ResponseFormat,
  TokenUsage,
  ToolCall,
  ToolDefinition,
} from './chat-model.js'
export {
  type ChatModelConfig,
  createChatModelFromSettings,
  createOpenAICompatibleModel,
  type OpenAICompatibleModelSettings,
} from './create-chat-model.js'
export { parseStructuredReply, validateJsonSchema } from './json-output.js'
export {
  type CachedSample,
  chatCacheKey,
  openResponseCache,
  type ResponseCache,
} from './response-cache.js'
export { deterministicEmbedding } from './scripted-server/embeddings.js'
export { countWhitespaceTokens } from './scripted-server/replies.js'
export { hashChatRequest } from './scripted-server/request-hash.js'
export {
  loadModelScript,
  type ModelScript,
  type ScriptedRequest,
  type ScriptFailure,
  type ScriptMatch,
  type ScriptReply,
  type ScriptRule,
  type ScriptToolCall,
  safeParseModelScript,
} from './scripted-server/script.js'
export {
  type ScriptedModelServer,
  type ScriptedRequestLog,
  type ScriptedServerOptions,
  startScriptedModelServer,
} from './scripted-server/server.js'
export {
  type ChatModelPolicySettings,
  type ManagedChatModel,
  wrapChatModel,
} from './wrap-chat-model.js'

/**
 * Galen's LLM layer: the {@link ChatModel} interface, its backends and the scripted
 * OpenAI-protocol server used by tests and dry runs.
 */
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
export { deterministicEmbedding } from './scripted-server/embeddings.js'
export { countWhitespaceTokens } from './scripted-server/replies.js'
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
  hashChatRequest,
  type ScriptedModelServer,
  type ScriptedRequestLog,
  type ScriptedServerOptions,
  startScriptedModelServer,
} from './scripted-server/server.js'

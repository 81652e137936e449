/**
 * Every calculator as an OpenAI function tool, and an executor for a model's tool call. The
 * model extracts the inputs from a note; the calculator computes. Tool names are the slugs with
 * underscores (`cockcroft_gault`), which every OpenAI-compatible server accepts.
 */
import { describeError, InputError, safeParseJson } from '../errors.js'
import type { Calculator, CalculatorInputSpec } from './calculator.js'
import { findCalculator, listCalculators } from './registry.js'
import { type CalculatorRunResult, runCalculator } from './run-calculator.js'

/** A JSON Schema fragment (the subset the tool schemas use). */
export type JsonSchema = Readonly<Record<string, unknown>>

/** An OpenAI chat-completions tool definition. */
export interface CalculatorTool {
  type: 'function'
  function: {
    name: string
    description: string
    parameters: JsonSchema
  }
}

/** The tool name of a calculator: its slug with underscores. */
export function toolName(calculator: Calculator): string {
  return calculator.slug.replace(/-/g, '_')
}

function propertySchema(spec: CalculatorInputSpec): JsonSchema {
  const parts: string[] = [spec.description ?? spec.label]
  const range =
    spec.min !== undefined && spec.max !== undefined
      ? ` (possible range ${spec.min}-${spec.max})`
      : ''
  switch (spec.type) {
    case 'quantity': {
      const others = spec.acceptedUnits?.length
        ? `; also accepted: ${spec.acceptedUnits.join(', ')}`
        : ''
      parts.push(
        `A number in ${spec.unit ?? 'the canonical unit'}${range}, or a string "<value> <unit>" such as "<value> ${spec.acceptedUnits?.[0] ?? spec.unit ?? ''}"${others}. Give the value as written in the note; Galen converts the unit.`,
      )
      return { type: ['number', 'string'], description: parts.join('. ') }
    }
    case 'number':
      parts.push(`${spec.integer ? 'A whole number' : 'A number'}${range}.`)
      return { type: spec.integer ? 'integer' : 'number', description: parts.join('. ') }
    case 'boolean':
      if (!spec.required) parts.push('Omit or false when absent or not mentioned.')
      return { type: 'boolean', description: parts.join('. ') }
    case 'enum':
      return { type: 'string', enum: [...(spec.options ?? [])], description: parts.join('. ') }
    case 'date':
      parts.push('A date as YYYY-MM-DD.')
      return { type: 'string', description: parts.join('. ') }
  }
}

/** The OpenAI function tool for one calculator (its JSON Schema describes units and ranges). */
export function calculatorTool(calculator: Calculator): CalculatorTool {
  const properties: Record<string, JsonSchema> = {}
  for (const spec of calculator.inputs) properties[spec.name] = propertySchema(spec)
  return {
    type: 'function',
    function: {
      name: toolName(calculator),
      description: `${calculator.name} (MedCalc-Bench id ${calculator.id}). Source: ${calculator.source}. Returns the value, its unit and the steps.`,
      parameters: {
        type: 'object',
        properties,
        required: calculator.inputs.filter((spec) => spec.required).map((spec) => spec.name),
        additionalProperties: false,
      },
    },
  }
}

/** Every calculator as a tool, or only those named (by id, slug, tool name or name). */
export function calculatorTools(only?: ReadonlyArray<string | number>): CalculatorTool[] {
  const calculators =
    only === undefined
      ? listCalculators()
      : only.flatMap((reference) => {
          const found = findCalculator(reference)
          return found === undefined ? [] : [found]
        })
  return calculators.map(calculatorTool)
}

/** A model's tool call: OpenAI's `{ id, function: { name, arguments } }` or flat `{ name, arguments }`. */
export interface CalculatorToolCall {
  id?: string
  name: string
  /** The raw JSON text of the arguments (untrusted), or an already parsed object. */
  arguments: string | Record<string, unknown>
}

/** The outcome of a tool call, with the content to send back as the tool message. */
export interface ToolExecution {
  ok: boolean
  /** The tool message content: JSON of the result, or of `{ error }`. */
  content: string
  /** The `role: 'tool'` message to append to the conversation. */
  message: { role: 'tool'; tool_call_id: string; content: string }
  result?: CalculatorRunResult
  error?: string
}

function readToolCall(raw: unknown): CalculatorToolCall | string {
  if (typeof raw !== 'object' || raw === null) return 'tool call is not an object'
  const record = raw as Record<string, unknown>
  const inner =
    typeof record.function === 'object' && record.function !== null
      ? (record.function as Record<string, unknown>)
      : record
  const name = inner.name
  const args = inner.arguments ?? {}
  if (typeof name !== 'string' || name.trim() === '') return 'tool call has no function name'
  if (
    typeof args !== 'string' &&
    (typeof args !== 'object' || args === null || Array.isArray(args))
  )
    return `tool call "${name}" has arguments that are neither JSON text nor an object`
  const call: CalculatorToolCall = { name, arguments: args as string | Record<string, unknown> }
  if (typeof record.id === 'string') call.id = record.id
  return call
}

function finish(
  id: string,
  outcome: { ok: true; result: CalculatorRunResult } | { ok: false; error: string },
): ToolExecution {
  const content = outcome.ok
    ? JSON.stringify({
        calculator: outcome.result.calculator.name,
        value: outcome.result.value,
        unit: outcome.result.unit,
        interpretation: outcome.result.interpretation,
        inputs: outcome.result.inputs,
        steps: outcome.result.steps.map((step) =>
          step.value === undefined
            ? step.description
            : `${step.description} = ${step.value}${step.unit ? ` ${step.unit}` : ''}`,
        ),
      })
    : JSON.stringify({ error: outcome.error })
  const execution: ToolExecution = {
    ok: outcome.ok,
    content,
    message: { role: 'tool', tool_call_id: id, content },
  }
  if (outcome.ok) execution.result = outcome.result
  else execution.error = outcome.error
  return execution
}

/**
 * Executes a model's tool call: finds the calculator by tool name, parses and validates the
 * arguments, computes. Never throws for bad calls: the error comes back as the tool message
 * (`{"error": "calculators: \"creatinine\" = -1 is outside 0.05-40 mg/dL"}`) so the model can
 * correct itself.
 *
 * @example executeToolCall({ id: 'call_1', function: { name: 'bmi', arguments: '{"weight":70,"height":175}' } })
 */
export function executeToolCall(toolCall: unknown): ToolExecution {
  const call = readToolCall(toolCall)
  const id =
    typeof call === 'object' && call.id !== undefined
      ? call.id
      : typeof toolCall === 'object' &&
          toolCall !== null &&
          typeof (toolCall as { id?: unknown }).id === 'string'
        ? String((toolCall as { id: string }).id)
        : 'call'
  if (typeof call === 'string') return finish(id, { ok: false, error: `calculators: ${call}` })
  const calculator = findCalculator(call.name)
  if (calculator === undefined) {
    return finish(id, {
      ok: false,
      error: `calculators: unknown tool "${call.name}" (available: ${listCalculators().map(toolName).join(', ')})`,
    })
  }
  let args: unknown = call.arguments
  if (typeof call.arguments === 'string') {
    const text = call.arguments.trim() === '' ? '{}' : call.arguments
    const parsed = safeParseJson(text, `arguments of ${call.name}`)
    if (!parsed.ok) return finish(id, { ok: false, error: parsed.error.message })
    args = parsed.value
  }
  try {
    return finish(id, { ok: true, result: runCalculator(calculator, args) })
  } catch (error) {
    if (error instanceof InputError || error instanceof RangeError) {
      return finish(id, { ok: false, error: describeError(error) })
    }
    return finish(id, { ok: false, error: `calculators: ${describeError(error)}` })
  }
}

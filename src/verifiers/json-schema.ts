/**
 * A small JSON Schema checker for response formats: `type`, `properties`, `required`,
 * `additionalProperties: false`, `items`, `minItems`, `maxItems`, `enum`, `const`, `minLength`,
 * `maxLength`, `pattern`, `minimum`, `maximum`, `anyOf`. Enough to say "the response is an object
 * with a `diagnoses` list of strings"; not a full validator.
 */

function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

function typeMatches(wanted: unknown, actual: string): boolean {
  const list = Array.isArray(wanted) ? wanted : [wanted]
  return list.some((type) => type === actual || (type === 'number' && actual === 'integer'))
}

/**
 * Checks a value against a schema; returns the first violations found (empty when valid), each
 * naming the JSON path.
 */
export function checkJsonSchema(
  value: unknown,
  schema: unknown,
  path = '$',
  errors: string[] = [],
): string[] {
  if (errors.length >= 5 || typeof schema !== 'object' || schema === null) return errors
  const rules = schema as Record<string, unknown>
  const actual = typeOf(value)
  if (rules.type !== undefined && !typeMatches(rules.type, actual)) {
    errors.push(`${path} should be ${JSON.stringify(rules.type)}, is ${actual}`)
    return errors
  }
  if (rules.const !== undefined && JSON.stringify(rules.const) !== JSON.stringify(value)) {
    errors.push(`${path} should be ${JSON.stringify(rules.const)}`)
  }
  if (
    Array.isArray(rules.enum) &&
    !rules.enum.some((option) => JSON.stringify(option) === JSON.stringify(value))
  ) {
    errors.push(`${path} should be one of ${JSON.stringify(rules.enum)}`)
  }
  if (Array.isArray(rules.anyOf)) {
    const passes = rules.anyOf.some(
      (option) => checkJsonSchema(value, option, path, []).length === 0,
    )
    if (!passes) errors.push(`${path} matches none of anyOf`)
  }
  if (actual === 'string') {
    const text = value as string
    if (typeof rules.minLength === 'number' && text.length < rules.minLength)
      errors.push(`${path} is shorter than ${rules.minLength}`)
    if (typeof rules.maxLength === 'number' && text.length > rules.maxLength)
      errors.push(`${path} is longer than ${rules.maxLength}`)
    if (typeof rules.pattern === 'string') {
      let pattern: RegExp | undefined
      try {
        pattern = new RegExp(rules.pattern, 'u')
      } catch {
        errors.push(
          `${path}: schema pattern ${JSON.stringify(rules.pattern)} is not a valid expression`,
        )
      }
      if (pattern !== undefined && !pattern.test(text))
        errors.push(`${path} does not match ${rules.pattern}`)
    }
  }
  if (actual === 'number' || actual === 'integer') {
    const number = value as number
    if (typeof rules.minimum === 'number' && number < rules.minimum)
      errors.push(`${path} is below ${rules.minimum}`)
    if (typeof rules.maximum === 'number' && number > rules.maximum)
      errors.push(`${path} is above ${rules.maximum}`)
  }
  if (actual === 'array') {
    const list = value as unknown[]
    if (typeof rules.minItems === 'number' && list.length < rules.minItems)
      errors.push(`${path} has fewer than ${rules.minItems} items`)
    if (typeof rules.maxItems === 'number' && list.length > rules.maxItems)
      errors.push(`${path} has more than ${rules.maxItems} items`)
    if (rules.items !== undefined) {
      for (let index = 0; index < list.length; index += 1) {
        checkJsonSchema(list[index], rules.items, `${path}[${index}]`, errors)
      }
    }
  }
  if (actual === 'object') {
    const record = value as Record<string, unknown>
    const properties = (
      typeof rules.properties === 'object' && rules.properties !== null ? rules.properties : {}
    ) as Record<string, unknown>
    if (Array.isArray(rules.required)) {
      for (const name of rules.required) {
        if (typeof name === 'string' && !(name in record))
          errors.push(`${path}.${name} is required`)
      }
    }
    for (const [name, propertySchema] of Object.entries(properties)) {
      if (name in record) checkJsonSchema(record[name], propertySchema, `${path}.${name}`, errors)
    }
    if (rules.additionalProperties === false) {
      for (const name of Object.keys(record)) {
        if (!(name in properties)) errors.push(`${path}.${name} is not allowed`)
      }
    }
  }
  return errors.slice(0, 5)
}

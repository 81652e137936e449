/**
 * Instruction templates: `{slot}` marks a slot; `{{` and `}}` stand for literal braces.
 */

const SLOT = /\{([a-z][a-z0-9_]*)\}/g

/** The slot names a template uses, in order of first use. */
export function templateSlots(template: string): string[] {
  const names: string[] = []
  for (const match of template.replaceAll('{{', '').replaceAll('}}', '').matchAll(SLOT)) {
    const name = match[1] as string
    if (!names.includes(name)) names.push(name)
  }
  return names
}

/**
 * Fills a template.
 *
 * @throws RangeError when a slot has no value (validation catches this before any build)
 */
export function renderTemplate(template: string, slots: Readonly<Record<string, string>>): string {
  const LEFT = '\u0000L'
  const RIGHT = '\u0000R'
  const filled = template
    .replaceAll('{{', LEFT)
    .replaceAll('}}', RIGHT)
    .replace(SLOT, (_whole, name: string) => {
      const value = slots[name]
      if (value === undefined) throw new RangeError(`instructions: no value for slot "${name}"`)
      return value
    })
  return filled.replaceAll(LEFT, '{').replaceAll(RIGHT, '}')
}

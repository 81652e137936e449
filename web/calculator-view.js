// The calculator forms: the list, one form at a time, results with their steps, and forms
// opened prefilled from a link.

import { formatNumber, unitFor } from './i18n.js'
import { api, byId, displayOf, element, PageError, state, t } from './page.js'

// ---------------------------------------------------------------------------------------------
// Calculator forms

function resultHeading(result) {
  // The server's `display` is rounded to the unit's precision, as in answers.
  const display = displayOf(result)
  if (display !== null) return `${result.name}: ${display}`
  const value =
    typeof result.value === 'number'
      ? formatNumber(state.language, result.value, result.precision)
      : String(result.value)
  const unit = unitFor(state.language, result.value, result.unit)
  return `${result.name}: ${value}${unit ? ` ${unit}` : ''}`
}

function stepsList(steps, precision, headingTag = 'h4') {
  const items = []
  for (const step of steps ?? []) {
    if (!step || typeof step.description !== 'string' || step.description.trim() === '') continue
    let text = step.description
    const display = displayOf(step)
    if (display !== null) text += ` = ${display}`
    else if (step.value !== undefined && step.value !== null && step.value !== '') {
      const value =
        typeof step.value === 'number'
          ? formatNumber(state.language, step.value, precision)
          : String(step.value)
      const unit = unitFor(state.language, step.value, step.unit)
      text += ` = ${value}${unit ? ` ${unit}` : ''}`
    }
    items.push(element('li', { text }))
  }
  if (items.length === 0) return null
  return element(
    'div',
    { class: 'steps' },
    element(headingTag, { text: t('steps') }),
    element('ol', {}, ...items),
  )
}

function inputField(spec, value) {
  const id = `calc-${spec.name}`
  const label = element('label', {
    for: id,
    text: `${spec.label}${spec.unit ? ` (${spec.unit})` : ''}`,
  })
  if (spec.required)
    label.append(element('span', { class: 'required', 'aria-hidden': 'true', text: ' *' }))
  let control
  if (spec.type === 'boolean') {
    control = element(
      'select',
      { id, name: spec.name },
      element('option', { value: '', text: t('notGiven') }),
      element('option', { value: 'true', text: t('yes') }),
      element('option', { value: 'false', text: t('no') }),
    )
  } else if (spec.type === 'enum') {
    control = element(
      'select',
      { id, name: spec.name },
      element('option', { value: '', text: t('notGiven') }),
      ...(spec.options ?? []).map((option) => element('option', { value: option, text: option })),
    )
  } else {
    control = element('input', {
      id,
      name: spec.name,
      type: spec.type === 'date' ? 'date' : 'text',
      inputmode: spec.type === 'date' ? undefined : 'decimal',
      autocomplete: 'off',
    })
  }
  if (spec.required) control.setAttribute('aria-required', 'true')
  if (value !== undefined && value !== null) control.value = String(value)
  return element('div', { class: 'field' }, label, control)
}

export function readCalculatorForm() {
  const form = byId('calc-form')
  const values = {}
  for (const spec of state.calculator?.inputs ?? []) {
    const control = form.elements[spec.name]
    if (control && control.value !== '') values[spec.name] = control.value
  }
  return values
}

export function renderCalculatorForm(calculator, values = {}) {
  const form = byId('calc-form')
  form.replaceChildren()
  for (const spec of calculator.inputs) form.append(inputField(spec, values[spec.name]))
  form.append(
    element(
      'div',
      { class: 'actions' },
      element('button', { type: 'submit', text: t('calculate') }),
      element('p', { class: 'meta', text: t('calcSource', { source: calculator.source }) }),
    ),
  )
}

export function renderCalculatorResult(result) {
  const output = byId('calc-result')
  if (result.error !== undefined) {
    output.replaceChildren(element('p', { class: 'error', text: result.error }))
    return
  }
  output.replaceChildren(
    // The calculator panel has no other heading: the result is its h2.
    element('h2', { text: resultHeading(result) }),
    result.interpretation ? element('p', { text: result.interpretation }) : null,
    stepsList(result.steps, result.precision, 'h3'),
  )
}

export function showCalculatorError(error) {
  state.calcResult = { error: error.message }
  renderCalculatorResult(state.calcResult)
}

async function computeCalculator(event) {
  event.preventDefault()
  const calculator = state.calculator
  if (calculator === null) return
  const form = byId('calc-form')
  const inputs = {}
  for (const spec of calculator.inputs) {
    const value = form.elements[spec.name].value.trim()
    if (value === '') continue
    if (spec.type === 'boolean') inputs[spec.name] = value === 'true'
    else if (spec.type === 'number') inputs[spec.name] = Number(value)
    else if (spec.type === 'quantity' && /^-?\d+(\.\d+)?$/.test(value))
      inputs[spec.name] = Number(value)
    else inputs[spec.name] = value
  }
  try {
    const result = await api(`/v1/calculators/${encodeURIComponent(calculator.id)}`, {
      method: 'POST',
      body: JSON.stringify({ inputs }),
    })
    const precision =
      result.precision ?? calculator.precision ?? (calculator.output_type === 'integer' ? 0 : 2)
    state.calcResult = { ...result, precision }
  } catch (error) {
    state.calcResult = { error: error.message }
  }
  renderCalculatorResult(state.calcResult)
  byId('calc-result').focus()
}

byId('calc-form').addEventListener('submit', computeCalculator)

async function loadCalculator(id, values = {}) {
  byId('calc-result').replaceChildren()
  state.calcResult = null
  const calculator = await api(`/v1/calculators/${encodeURIComponent(id)}`)
  state.calculator = calculator
  renderCalculatorForm(calculator, values)
}

/** Loads the list of calculators once; `loadFirst` also opens the first one's form. */
export async function loadCalculators({ loadFirst = true } = {}) {
  const select = byId('calc-select')
  if (state.calculators === null) {
    const { calculators } = await api('/v1/calculators')
    state.calculators = calculators
    select.replaceChildren(
      ...calculators.map((calculator) =>
        element('option', { value: String(calculator.id), text: calculator.name }),
      ),
    )
    select.onchange = () => loadCalculator(select.value).catch(showCalculatorError)
  }
  if (loadFirst && state.calculator === null && state.calculators.length > 0)
    await loadCalculator(state.calculators[0].id)
}

/** Opens the calculator tab on one calculator with some inputs already filled in. */
export async function openCalculator(reference, values, showCalculatorTab) {
  // The list only: the form to show is this one, not the first (which would flash, then lose
  // the prefilled values if it arrived last).
  await showCalculatorTab()
  await loadCalculators({ loadFirst: false })
  const match = state.calculators.find(
    (calculator) => String(calculator.id) === reference || calculator.slug === reference,
  )
  if (match === undefined) {
    showCalculatorError(new PageError(`${reference}?`))
    return
  }
  byId('calc-select').value = String(match.id)
  await loadCalculator(match.id, values)
  const form = byId('calc-form')
  const firstEmpty = [...form.querySelectorAll('input, select')].find(
    (control) => control.value === '' && control.getAttribute('aria-required') === 'true',
  )
  ;(firstEmpty ?? form.querySelector('input, select'))?.focus()
}

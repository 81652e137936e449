// Galen's web page: ask a question, read the answer with citation cards, use calculator forms.
// Plain browser JavaScript (no build step); every text from the server is inserted as text, never
// as HTML. The page's own words come from i18n.js (English and Chinese).

import {
  formatNumber,
  initialLanguage,
  MATERIAL_TYPES,
  STRINGS,
  translate,
  unitFor,
} from './i18n.js'

const byId = (id) => document.getElementById(id)

const state = {
  language: initialLanguage(readStorage('galen-language'), navigator.languages),
  /** Earlier turns sent with a follow-up question: { role, content }. */
  history: [],
  /** The last completion shown, re-rendered when the language changes. */
  completion: null,
  status: null,
  calculators: null,
  calculator: null,
  calcResult: null,
  /** Whether the user picked an evidence policy (else the server's default is shown and used). */
  policyChosen: false,
}

function readStorage(key) {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}

function writeStorage(key, value) {
  try {
    localStorage.setItem(key, value)
  } catch {
    // Storage can be disabled; the page works without it.
  }
}

const t = (key, values) => translate(state.language, key, values)

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag)
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue
    if (key === 'class') node.className = value
    else if (key === 'text') node.textContent = value
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value)
    else node.setAttribute(key, value)
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child)
  return node
}

// ---------------------------------------------------------------------------------------------
// Talking to the server

class PageError extends Error {}

function apiHeaders() {
  const headers = { 'content-type': 'application/json' }
  const key = readStorage('galen-api-key')
  if (key) headers.authorization = `Bearer ${key}`
  return headers
}

async function api(path, options = {}) {
  let response
  try {
    response = await fetch(path, {
      ...options,
      headers: { ...apiHeaders(), ...(options.headers ?? {}) },
    })
  } catch {
    throw new PageError(t('networkFailed'))
  }
  let body = null
  try {
    body = await response.json()
  } catch {
    body = null
  }
  if (response.status === 401) {
    byId('key-row').classList.remove('hidden')
    throw new PageError(t('needKey'))
  }
  if (!response.ok)
    throw new PageError(body?.error?.message ?? t('requestFailed', { status: response.status }))
  return body
}

/** Shows a status line; `status` is `{ key, values }` (translated) or `{ text }` (as given). */
function setStatus(status, isError = false) {
  state.status = status === null ? null : { ...status, isError }
  renderStatus()
}

function renderStatus() {
  const box = byId('status')
  const status = state.status
  let text = ''
  if (status?.text !== undefined) text = status.text
  else if (status !== null) {
    const values = { ...status.values }
    if (typeof values.sources === 'number')
      values.count = values.sources === 1 ? t('sourceOne') : t('sourceMany', { n: values.sources })
    text = t(status.key, values)
  }
  box.textContent = text
  box.classList.toggle('error', status?.isError === true)
}

// ---------------------------------------------------------------------------------------------
// Language

function applyLanguage() {
  const language = state.language
  document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en'
  document.title = t('title')
  for (const node of document.querySelectorAll('[data-i18n]'))
    node.textContent = t(node.dataset.i18n)
  for (const node of document.querySelectorAll('[data-i18n-placeholder]'))
    node.setAttribute('placeholder', t(node.dataset.i18nPlaceholder))
  for (const node of document.querySelectorAll('[data-i18n-aria-label]'))
    node.setAttribute('aria-label', t(node.dataset.i18nAriaLabel))
  byId('language').value = language
  renderStatus()
  renderConversation()
  if (state.completion !== null) renderCompletion(state.completion)
  if (state.calculator !== null) renderCalculatorForm(state.calculator, readCalculatorForm())
  if (state.calcResult !== null) renderCalculatorResult(state.calcResult)
}

byId('language').addEventListener('change', (event) => {
  const value = event.target.value
  if (!(value in STRINGS)) return
  state.language = value
  writeStorage('galen-language', value)
  applyLanguage()
})

// ---------------------------------------------------------------------------------------------
// Tabs (WAI-ARIA tabs pattern: arrow keys, Home and End move between tabs and activate them)

const tabs = [...document.querySelectorAll('[role="tab"]')]

function selectTab(tab, { focus = false, loadFirst = true } = {}) {
  for (const other of tabs) {
    const selected = other === tab
    other.setAttribute('aria-selected', String(selected))
    other.tabIndex = selected ? 0 : -1
    byId(other.getAttribute('aria-controls')).classList.toggle('hidden', !selected)
  }
  if (focus) tab.focus()
  if (tab.id === 'tab-calc' && (state.calculators === null || state.calculator === null)) {
    return loadCalculators({ loadFirst }).catch((error) => showCalculatorError(error))
  }
  return Promise.resolve()
}

for (const tab of tabs) {
  tab.addEventListener('click', () => selectTab(tab))
  tab.addEventListener('keydown', (event) => {
    const position = tabs.indexOf(tab)
    let next
    if (event.key === 'ArrowRight') next = tabs[(position + 1) % tabs.length]
    else if (event.key === 'ArrowLeft') next = tabs[(position - 1 + tabs.length) % tabs.length]
    else if (event.key === 'Home') next = tabs[0]
    else if (event.key === 'End') next = tabs[tabs.length - 1]
    if (next === undefined) return
    event.preventDefault()
    selectTab(next, { focus: true })
  })
}

// ---------------------------------------------------------------------------------------------
// Asking

function renderConversation() {
  const box = byId('conversation')
  const lastQuestion = [...state.history].reverse().find((turn) => turn.role === 'user')
  box.classList.toggle('hidden', lastQuestion === undefined)
  byId('conversation-text').textContent =
    lastQuestion === undefined ? '' : t('followUp', { question: lastQuestion.content })
}

byId('new-conversation').addEventListener('click', () => {
  state.history = []
  state.completion = null
  setStatus(null)
  renderConversation()
  byId('answer').classList.add('hidden')
  byId('evidence').classList.add('hidden')
  const question = byId('question')
  question.value = ''
  question.focus()
})

async function ask(event) {
  event.preventDefault()
  const question = byId('question').value.trim()
  if (!question) return
  const keyInput = byId('api-key')
  if (keyInput.value) writeStorage('galen-api-key', keyInput.value)
  const button = byId('ask-button')
  button.disabled = true
  setStatus({ key: 'searching' })
  try {
    const minAuthority = byId('min-authority').value
    // Only a choice the user made is sent; otherwise the server's default policy applies.
    const policy =
      state.policyChosen && !byId('policy-control').classList.contains('hidden')
        ? byId('evidence-policy').value
        : ''
    const body = {
      model: 'galen-grounded',
      messages: [...state.history, { role: 'user', content: question }],
      ...(minAuthority ? { filter: { minAuthority } } : {}),
      ...(policy ? { evidence: { authority_floor: policy } } : {}),
    }
    const completion = await api('/v1/chat/completions', {
      method: 'POST',
      body: JSON.stringify(body),
    })
    const answer = completion.choices?.[0]?.message?.content ?? ''
    state.history.push({ role: 'user', content: question }, { role: 'assistant', content: answer })
    // Keep the last few turns: enough to resolve a follow-up, small enough for any request limit.
    state.history = state.history.slice(-6)
    state.completion = completion
    showPolicy(completion.galen?.evidence?.policy)
    renderCompletion(completion)
    renderConversation()
    byId('question').value = ''
    const count = completion.citations?.length ?? 0
    setStatus(
      count === 0
        ? { key: 'noEvidenceStatus' }
        : {
            key: 'answered',
            values: { ms: completion.galen?.latency_ms ?? '?', sources: count },
          },
    )
    // Screen-reader and keyboard users land on the answer, not on the page's body.
    byId('answer').focus()
  } catch (error) {
    setStatus({ text: error.message }, true)
  } finally {
    button.disabled = false
  }
}

byId('ask-form').addEventListener('submit', ask)
byId('question').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault()
    byId('ask-form').requestSubmit()
  }
})
byId('api-key').value = readStorage('galen-api-key') ?? ''

// ---------------------------------------------------------------------------------------------
// The answer

function citationNumbers(marker) {
  const numbers = []
  for (const part of marker.slice(1, -1).split(',')) {
    const range = part.trim().match(/^(\d+)\s*-\s*(\d+)$/)
    if (range) {
      const from = Number(range[1])
      const to = Number(range[2])
      for (let number = from; number <= to && number - from < 20; number += 1) numbers.push(number)
    } else if (/^\d+$/.test(part.trim())) numbers.push(Number(part.trim()))
  }
  return numbers
}

function showCard(number) {
  const card = document.querySelector(`[data-citation="${number}"]`)
  if (!card) return
  for (const other of document.querySelectorAll('.card.highlight'))
    other.classList.remove('highlight')
  card.classList.add('highlight')
  const passage = card.querySelector('.passage')
  passage?.classList.remove('hidden')
  const toggle = card.querySelector('button.toggle')
  if (toggle) {
    toggle.textContent = t('hidePassage')
    toggle.setAttribute('aria-expanded', 'true')
  }
  card.scrollIntoView({ block: 'center' })
  card.focus()
}

function renderAnswerText(answer, sentences, citations) {
  const container = byId('answer-text')
  container.replaceChildren()
  const titles = new Map(citations.map((citation) => [citation.index, citation.title]))
  const unsupported = (sentences ?? [])
    .filter((sentence) => sentence.supported === false)
    .map((sentence) => sentence.text)
  for (const line of answer.split('\n')) {
    const paragraph = element('p')
    // Mark sentences the citation check flagged; [n] markers become buttons that open the card.
    const parts = line.split(/(\[\d+(?:\s*[-,]\s*\d+)*\])/)
    for (const part of parts) {
      if (/^\[\d/.test(part)) {
        for (const number of citationNumbers(part)) {
          paragraph.append(
            element('button', {
              type: 'button',
              class: 'cite',
              text: `[${number}]`,
              'aria-label': t('citeLabel', { n: number, title: titles.get(number) ?? '' }),
              onclick: () => showCard(number),
            }),
          )
        }
      } else if (part) {
        const trimmed = part.trim()
        const flagged =
          trimmed.length > 12 && unsupported.some((sentence) => sentence.includes(trimmed))
        paragraph.append(
          element('span', {
            class: flagged ? 'unsupported' : undefined,
            title: flagged ? t('unsupportedTitle') : undefined,
            text: part,
          }),
        )
      }
    }
    container.append(paragraph)
  }
}

function materialTypeName(type) {
  if (!type) return ''
  return MATERIAL_TYPES[state.language]?.[type] ?? type.replace(/_/g, ' ')
}

function renderCitations(citations, conflicts) {
  const list = byId('citations')
  list.replaceChildren()
  for (const citation of citations) {
    const passageId = `passage-${citation.index}`
    const passage = element('p', { class: 'passage hidden', id: passageId, text: citation.passage })
    const supportLabel =
      citation.supported === true
        ? element('span', { class: 'support yes', text: t('supported') })
        : citation.supported === false
          ? element('span', { class: 'support no', text: t('notSupported') })
          : null
    const authorityText = t(`authorityText${citation.authority}`)
    const meta = [
      citation.source,
      citation.date,
      materialTypeName(citation.material_type ?? citation.materialType),
      citation.demonstration ? t('demonstration') : null,
    ].filter(Boolean)
    const card = element(
      'li',
      {
        class: 'card',
        'data-citation': String(citation.index),
        tabindex: '-1',
        'aria-labelledby': `card-title-${citation.index}`,
      },
      element(
        'header',
        {},
        element('span', {
          class: `badge ${citation.authority}`,
          title: authorityText,
          'aria-label': t('authorityBadge', { level: citation.authority }),
          text: citation.authority,
        }),
        element('h3', {
          id: `card-title-${citation.index}`,
          text: `[${citation.index}] ${citation.title}`,
        }),
        supportLabel,
      ),
      element('div', { class: 'meta', text: meta.join(' · ') }),
      element('div', { class: 'meta authority-text', text: authorityText }),
      element(
        'div',
        { class: 'meta' },
        element('button', {
          class: 'toggle',
          type: 'button',
          'aria-expanded': 'false',
          'aria-controls': passageId,
          text: t('showPassage'),
          onclick: (event) => {
            const hidden = passage.classList.toggle('hidden')
            event.currentTarget.textContent = hidden ? t('showPassage') : t('hidePassage')
            event.currentTarget.setAttribute('aria-expanded', String(!hidden))
          },
        }),
        citation.url ? ' · ' : null,
        citation.url
          ? element('a', {
              href: citation.url,
              target: '_blank',
              rel: 'noopener noreferrer',
              text: t('sourceLink'),
            })
          : null,
      ),
      passage,
    )
    list.append(card)
  }
  const conflictBox = byId('conflicts')
  conflictBox.replaceChildren()
  for (const conflict of conflicts ?? []) {
    conflictBox.append(
      element('div', {
        class: 'conflict',
        text: t('conflict', {
          a: conflict.sources?.[0],
          b: conflict.sources?.[1],
          reason: conflict.reason,
        }),
      }),
    )
  }
  byId('evidence').classList.toggle('hidden', citations.length === 0)
}

/** Says how many passages the evidence policy left out, so that nothing is hidden silently. */
function renderPolicyNote(evidence) {
  const box = byId('policy-note')
  const hidden = Number(evidence?.hidden_low_authority ?? 0)
  box.textContent =
    hidden > 0
      ? t(hidden === 1 ? 'hiddenOne' : 'hiddenMany', {
          n: hidden,
          floor: evidence?.policy?.authority_floor ?? '',
        })
      : ''
  box.classList.toggle('hidden', hidden === 0)
}

function emptyState() {
  return element(
    'div',
    { class: 'empty' },
    element('p', { class: 'empty-title', text: t('emptyTitle') }),
    element('p', { text: t('emptyTry') }),
    element(
      'ul',
      {},
      element('li', { text: t('emptyRephrase') }),
      element('li', { text: t('emptyAuthority') }),
      element('li', { text: t('emptyCalculator') }),
    ),
  )
}

/** The calculator results a completion carries, in whichever of the documented shapes. */
function calculationsOf(completion) {
  const list = completion.galen?.calculations ?? completion.calculations ?? []
  return Array.isArray(list) ? list : []
}

function renderCompletion(completion) {
  const citations = completion.citations ?? []
  const calculations = calculationsOf(completion)
  const evidenceMode = completion.galen?.mode === 'evidence'
  byId('answer').classList.remove('hidden')
  byId('answer-mode').textContent = evidenceMode ? t('modeEvidence') : t('modeGenerated')
  // Say how a follow-up was read, so that a wrong reading can be noticed and rephrased.
  const followUp = completion.galen?.follow_up
  const resolved = followUp?.method === 'carried' || followUp?.method === 'condensed'
  const followUpLine = byId('answer-follow-up')
  followUpLine.textContent = resolved ? t('followUpSearched', { query: followUp.query }) : ''
  followUpLine.classList.toggle('hidden', !resolved)
  const answer = completion.choices?.[0]?.message?.content ?? ''
  const nothingFound = citations.length === 0 && calculations.length === 0
  if (nothingFound && evidenceMode) {
    // In evidence mode the text would only list passages, and there are none.
    byId('answer-text').replaceChildren(emptyState())
  } else {
    renderAnswerText(answer, completion.support?.sentences, citations)
    if (citations.length === 0 && calculations.length === 0)
      byId('answer-text').append(emptyState())
  }
  renderCalculations(calculations)
  const notes = (completion.galen?.notes ?? []).filter(
    // The evidence-mode note introduces the passages; with none it would promise what is not there.
    (_note, position) => !(nothingFound && evidenceMode && position === 0),
  )
  byId('answer-notes').replaceChildren(...notes.map((note) => element('li', { text: note })))
  renderCitations(citations, completion.galen?.conflicts)
  renderPolicyNote(completion.galen?.evidence)
}

// ---------------------------------------------------------------------------------------------
// Calculator results inside answers

// The API sends each calculation as { calculator: { id, slug, name }, status: computed |
// needs-inputs | invalid-inputs, value, unit, display, interpretation, steps: [{ description,
// display }], source, stated, assumed, missing: [{ name, label }], problem, form: { calculator,
// prefill } } (docs/serving.md).

function calculationName(calculation) {
  return calculation.calculator?.name ?? calculation.name ?? ''
}

function formLink(calculation) {
  const reference =
    calculation.form?.calculator ?? calculation.calculator?.slug ?? calculation.calculator?.id
  if (reference === undefined || reference === null) return null
  const parameters = new URLSearchParams({ calculator: String(reference) })
  const prefill = calculation.form?.prefill ?? {}
  for (const [name, value] of Object.entries(prefill)) {
    if (value === null || value === undefined || typeof value === 'object') continue
    parameters.set(name, String(value))
  }
  const name = calculationName(calculation)
  return element('a', {
    class: 'open-form',
    href: `#${parameters.toString()}`,
    text: Object.keys(prefill).length > 0 ? t('openForm', { name }) : t('openFormEmpty', { name }),
  })
}

function labelsOf(list) {
  if (!Array.isArray(list)) return []
  return list
    .map((item) => (typeof item === 'string' ? item : (item?.label ?? item?.name)))
    .filter((item) => typeof item === 'string' && item !== '')
}

function shownValue(value) {
  if (value === true) return t('yes')
  if (value === false) return t('no')
  return typeof value === 'number' ? formatNumber(state.language, value) : String(value)
}

/** "76.9 mL/min" as the server formats it; in Chinese the unit word is translated. */
function displayOf(calculation) {
  const display = calculation.display
  if (typeof display !== 'string' || display === '') return null
  if (state.language === 'en') return display
  const match = display.match(/^(-?[\d.,]+)\s+(.+)$/)
  if (match === null) return display
  return `${match[1]} ${unitFor(state.language, Number(match[1]), match[2])}`
}

function calculationSteps(steps) {
  const items = (steps ?? [])
    .filter((step) => typeof step?.description === 'string' && step.description.trim() !== '')
    .map((step) =>
      element('li', {
        text: step.display ? `${step.description} = ${step.display}` : step.description,
      }),
    )
  if (items.length === 0) return null
  return element(
    'div',
    { class: 'steps' },
    element('h4', { text: t('steps') }),
    element('ol', {}, ...items),
  )
}

function renderCalculations(calculations) {
  const box = byId('answer-calculations')
  box.replaceChildren()
  for (const calculation of calculations) {
    const name = calculationName(calculation)
    const display = displayOf(calculation)
    const computed = calculation.status === 'computed' && display !== null
    const section = element(
      'section',
      { class: 'calculation', 'aria-label': t('calcInAnswer', { name }) },
      element('h3', { text: computed ? `${name}: ${display}` : t('calcInAnswer', { name }) }),
    )
    const stated = (calculation.stated ?? [])
      .filter((input) => input?.label)
      .map((input) => `${input.label} ${shownValue(input.value)}`)
    if (stated.length > 0)
      section.append(
        element('p', {
          class: 'meta',
          text: t('stated', { inputs: stated.join(t('listSeparator')) }),
        }),
      )
    if (computed) {
      if (calculation.interpretation)
        section.append(element('p', { text: calculation.interpretation }))
      const assumed = labelsOf(calculation.assumed)
      if (assumed.length > 0)
        section.append(
          element('p', {
            class: 'meta',
            text: t('assumed', { inputs: assumed.join(t('listSeparator')) }),
          }),
        )
      section.append(calculationSteps(calculation.steps))
      if (calculation.source)
        section.append(
          element('p', { class: 'meta', text: t('calcSource', { source: calculation.source }) }),
        )
    } else if (calculation.status === 'invalid-inputs') {
      section.append(
        element('p', { text: t('calcError', { message: String(calculation.problem ?? '') }) }),
      )
    } else {
      const missing = labelsOf(calculation.missing)
      if (missing.length > 0)
        section.append(
          element('p', { text: t('missingInputs', { inputs: missing.join(t('listSeparator')) }) }),
        )
    }
    const link = formLink(calculation)
    if (link !== null) section.append(element('p', {}, link))
    box.append(section)
  }
}

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

function readCalculatorForm() {
  const form = byId('calc-form')
  const values = {}
  for (const spec of state.calculator?.inputs ?? []) {
    const control = form.elements[spec.name]
    if (control && control.value !== '') values[spec.name] = control.value
  }
  return values
}

function renderCalculatorForm(calculator, values = {}) {
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

function renderCalculatorResult(result) {
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

function showCalculatorError(error) {
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
async function loadCalculators({ loadFirst = true } = {}) {
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
async function openCalculator(reference, values) {
  // The list only: the form to show is this one, not the first (which would flash, then lose
  // the prefilled values if it arrived last).
  await selectTab(byId('tab-calc'), { loadFirst: false })
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

/** `#calculator=6&weight=70` opens that calculator with the values filled in. */
function openFromHash() {
  const parameters = new URLSearchParams(location.hash.slice(1))
  const reference = parameters.get('calculator')
  if (reference === null) return
  parameters.delete('calculator')
  openCalculator(reference, Object.fromEntries(parameters)).catch(showCalculatorError)
}

window.addEventListener('hashchange', openFromHash)

// ---------------------------------------------------------------------------------------------
// Start

/**
 * The evidence-policy control appears once the server reports the policy it applied
 * (`galen.evidence.policy`), showing that policy's authority floor until the user picks another.
 */
function showPolicy(policy) {
  const floor = policy?.authority_floor
  if (!['C', 'D', 'E'].includes(floor)) return
  byId('policy-control').classList.remove('hidden')
  if (!state.policyChosen) byId('evidence-policy').value = floor
}

byId('evidence-policy').addEventListener('change', () => {
  state.policyChosen = true
})

applyLanguage()
openFromHash()

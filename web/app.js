// Galen's web page: ask a question, read the answer with citation cards, use calculator forms.
// Plain browser JavaScript (no build step). This module wires the page: language, tabs, asking,
// links that open a calculator; answer-view.js and calculator-view.js render, page.js is shared.

import { renderCompletion } from './answer-view.js'
import {
  loadCalculators,
  openCalculator,
  readCalculatorForm,
  renderCalculatorForm,
  renderCalculatorResult,
  showCalculatorError,
} from './calculator-view.js'
import { STRINGS } from './i18n.js'
import { api, byId, readStorage, renderStatus, setStatus, state, t, writeStorage } from './page.js'

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

/** `#calculator=6&weight=70` opens that calculator with the values filled in. */
function openFromHash() {
  const parameters = new URLSearchParams(location.hash.slice(1))
  const reference = parameters.get('calculator')
  if (reference === null) return
  parameters.delete('calculator')
  openCalculator(reference, Object.fromEntries(parameters), () =>
    selectTab(byId('tab-calc'), { loadFirst: false }),
  ).catch(showCalculatorError)
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

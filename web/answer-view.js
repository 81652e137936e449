// The answer: text with [n] buttons, citation cards, conflicts, the evidence-policy note, the
// empty state and calculator results that come inside answers.

import { formatNumber, MATERIAL_TYPES } from './i18n.js'
import { byId, displayOf, element, state, t } from './page.js'

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

export function renderCompletion(completion) {
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

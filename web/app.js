// Galen's web page: ask a question, read the answer with citation cards, use calculator forms.
// Plain browser JavaScript (no build step); every text from the server is inserted as text, never
// as HTML.

const byId = (id) => document.getElementById(id)
const AUTHORITY_TEXT = {
  A: 'A: guideline, consensus or drug label',
  B: 'B: systematic review, textbook or trial',
  C: 'C: research article or public-health page',
  D: 'D: encyclopedia or patient education',
  E: 'E: general web',
}

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

function apiHeaders() {
  const headers = { 'content-type': 'application/json' }
  const key = localStorage.getItem('galen-api-key')
  if (key) headers.authorization = `Bearer ${key}`
  return headers
}

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { ...apiHeaders(), ...(options.headers ?? {}) },
  })
  let body = null
  try {
    body = await response.json()
  } catch {
    body = null
  }
  if (response.status === 401) {
    byId('key-row').classList.remove('hidden')
    throw new Error('This server needs an API key: enter it above and ask again.')
  }
  if (!response.ok)
    throw new Error(body?.error?.message ?? `request failed (HTTP ${response.status})`)
  return body
}

function setStatus(text, isError = false) {
  const status = byId('status')
  status.textContent = text
  status.classList.toggle('error', isError)
}

function showCard(index) {
  const card = document.querySelector(`[data-citation="${index}"]`)
  if (!card) return
  for (const other of document.querySelectorAll('.card.highlight'))
    other.classList.remove('highlight')
  card.classList.add('highlight')
  card.querySelector('.passage')?.classList.remove('hidden')
  card.scrollIntoView({ behavior: 'smooth', block: 'center' })
}

function renderAnswerText(answer, sentences) {
  const container = byId('answer-text')
  container.replaceChildren()
  const unsupported = new Set(
    (sentences ?? [])
      .filter((sentence) => sentence.supported === false)
      .map((sentence) => sentence.text),
  )
  for (const line of answer.split('\n')) {
    const paragraph = element('p')
    // Mark sentences the citation check flagged, and make [n] markers clickable.
    const parts = line.split(/(\[\d+(?:\s*[-,]\s*\d+)*\])/)
    for (const part of parts) {
      const marker = part.match(/^\[(\d+)/)
      if (marker) {
        paragraph.append(
          element('span', {
            class: 'cite',
            text: part,
            role: 'link',
            tabindex: '0',
            onclick: () => showCard(marker[1]),
          }),
        )
      } else if (part) {
        const flagged = [...unsupported].some(
          (sentence) => sentence.includes(part.trim()) && part.trim().length > 12,
        )
        paragraph.append(
          element('span', {
            class: flagged ? 'unsupported' : undefined,
            title: flagged ? 'Not supported by the cited source' : undefined,
            text: part,
          }),
        )
      }
    }
    container.append(paragraph)
  }
}

function renderCitations(citations, conflicts) {
  const list = byId('citations')
  list.replaceChildren()
  for (const citation of citations) {
    const passage = element('p', { class: 'passage hidden', text: citation.passage })
    const supportLabel =
      citation.supported === true
        ? element('span', { class: 'support yes', text: 'supported' })
        : citation.supported === false
          ? element('span', { class: 'support no', text: 'not supported' })
          : null
    const card = element(
      'li',
      { class: 'card', 'data-citation': String(citation.index) },
      element(
        'header',
        {},
        element('span', {
          class: `badge ${citation.authority}`,
          title: AUTHORITY_TEXT[citation.authority] ?? '',
          text: citation.authority,
        }),
        element('h3', { text: `[${citation.index}] ${citation.title}` }),
        supportLabel,
      ),
      element('div', {
        class: 'meta',
        text: `${citation.source}${citation.date ? ` · ${citation.date}` : ''} · ${(citation.materialType ?? citation.material_type ?? '').replace(/_/g, ' ')}${citation.demonstration ? ' · demonstration material' : ''}`,
      }),
      element(
        'div',
        { class: 'meta' },
        element('button', {
          class: 'toggle',
          type: 'button',
          text: 'Show passage',
          onclick: (event) => {
            passage.classList.toggle('hidden')
            event.target.textContent = passage.classList.contains('hidden')
              ? 'Show passage'
              : 'Hide passage'
          },
        }),
        ' · ',
        element('a', {
          href: citation.url,
          target: '_blank',
          rel: 'noopener noreferrer',
          text: 'source',
        }),
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
        text: `Sources [${conflict.sources[0]}] and [${conflict.sources[1]}] may disagree: ${conflict.reason}.`,
      }),
    )
  }
  byId('evidence').classList.toggle('hidden', citations.length === 0)
}

async function ask(event) {
  event.preventDefault()
  const question = byId('question').value.trim()
  if (!question) return
  const keyInput = byId('api-key')
  if (keyInput.value) localStorage.setItem('galen-api-key', keyInput.value)
  const button = byId('ask-button')
  button.disabled = true
  setStatus('Searching the sources…')
  try {
    const minAuthority = byId('min-authority').value
    const body = {
      model: 'galen-grounded',
      messages: [{ role: 'user', content: question }],
      ...(minAuthority ? { filter: { minAuthority } } : {}),
    }
    const completion = await api('/v1/chat/completions', {
      method: 'POST',
      body: JSON.stringify(body),
    })
    const answer = completion.choices?.[0]?.message?.content ?? ''
    byId('answer').classList.remove('hidden')
    byId('answer-mode').textContent =
      completion.galen?.mode === 'evidence'
        ? 'Evidence mode — no generated answer'
        : 'Generated answer, citations checked'
    renderAnswerText(answer, completion.support?.sentences)
    const notes = byId('answer-notes')
    notes.replaceChildren(
      ...(completion.galen?.notes ?? []).map((note) => element('li', { text: note })),
    )
    renderCitations(completion.citations ?? [], completion.galen?.conflicts)
    setStatus(
      `Answered in ${completion.galen?.latency_ms ?? '?'} ms from ${completion.citations?.length ?? 0} sources.`,
    )
  } catch (error) {
    setStatus(error.message, true)
  } finally {
    button.disabled = false
  }
}

function inputField(spec) {
  const id = `calc-${spec.name}`
  const label = element('label', {
    for: id,
    text: `${spec.label}${spec.unit ? ` (${spec.unit})` : ''}${spec.required ? ' *' : ''}`,
  })
  let control
  if (spec.type === 'boolean') {
    control = element(
      'select',
      { id, name: spec.name },
      element('option', { value: '', text: '—' }),
      element('option', { value: 'true', text: 'yes' }),
      element('option', { value: 'false', text: 'no' }),
    )
  } else if (spec.type === 'enum') {
    control = element(
      'select',
      { id, name: spec.name },
      element('option', { value: '', text: '—' }),
      ...(spec.options ?? []).map((option) => element('option', { value: option, text: option })),
    )
  } else {
    control = element('input', {
      id,
      name: spec.name,
      type: spec.type === 'date' ? 'date' : 'text',
      inputmode: spec.type === 'date' ? undefined : 'decimal',
      placeholder: spec.unit ?? '',
    })
  }
  return element('div', { class: 'field' }, label, control)
}

async function loadCalculator(id) {
  const form = byId('calc-form')
  form.replaceChildren()
  byId('calc-result').replaceChildren()
  const calculator = await api(`/v1/calculators/${encodeURIComponent(id)}`)
  for (const spec of calculator.inputs) form.append(inputField(spec))
  form.append(
    element(
      'div',
      { class: 'actions' },
      element('button', { type: 'submit', text: 'Calculate' }),
      element('p', { class: 'meta', text: `Source: ${calculator.source}` }),
    ),
  )
  form.onsubmit = async (event) => {
    event.preventDefault()
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
    const output = byId('calc-result')
    try {
      const result = await api(`/v1/calculators/${encodeURIComponent(id)}`, {
        method: 'POST',
        body: JSON.stringify({ inputs }),
      })
      output.replaceChildren(
        element('h3', { text: `${result.name}: ${result.value} ${result.unit}` }),
        result.interpretation ? element('p', { text: result.interpretation }) : null,
        element(
          'ol',
          {},
          ...result.steps.map((step) =>
            element('li', {
              text: `${step.description}${step.value !== undefined ? ` = ${step.value}${step.unit ? ` ${step.unit}` : ''}` : ''}`,
            }),
          ),
        ),
      )
    } catch (error) {
      output.replaceChildren(element('p', { class: 'meta', text: error.message }))
    }
  }
}

async function loadCalculators() {
  const select = byId('calc-select')
  const { calculators } = await api('/v1/calculators')
  select.replaceChildren(
    ...calculators.map((calculator) =>
      element('option', { value: String(calculator.id), text: calculator.name }),
    ),
  )
  select.onchange = () => loadCalculator(select.value)
  if (calculators.length > 0) await loadCalculator(calculators[0].id)
}

for (const tab of document.querySelectorAll('[role="tab"]')) {
  tab.addEventListener('click', () => {
    for (const other of document.querySelectorAll('[role="tab"]')) {
      other.setAttribute('aria-selected', String(other === tab))
      byId(other.dataset.panel).classList.toggle('hidden', other !== tab)
    }
    if (tab.id === 'tab-calc' && !byId('calc-select').options.length) {
      loadCalculators().catch((error) => setStatus(error.message, true))
    }
  })
}
byId('ask-form').addEventListener('submit', ask)
byId('api-key').value = localStorage.getItem('galen-api-key') ?? ''

// Galen review studio page: keyboard-first review of drafted SFT items over the studio's JSON API.
// Every text that comes from an item (model output, passages, questions) is set with textContent,
// never as HTML.

const state = {
  token: sessionStorage.getItem('galen-studio-token') || '',
  me: null,
  queue: [],
  current: null,
  detail: null,
  candidateId: null,
  saveTimer: null,
  reasonFor: null,
}
const $ = (id) => document.getElementById(id)

function say(text) {
  $('message').textContent = text
}

async function api(path, options = {}) {
  const headers = { ...(options.body ? { 'content-type': 'application/json' } : {}) }
  if (state.token) headers.authorization = `Bearer ${state.token}`
  const response = await fetch(path, {
    method: options.method || 'GET',
    headers,
    body: options.body ? JSON.stringify(options.body) : undefined,
  })
  const data = await response.json().catch(() => ({}))
  if (!response.ok) {
    const error = new Error(data?.error?.message || `request failed (${response.status})`)
    error.status = response.status
    throw error
  }
  return data
}

function element(tag, text, className) {
  const node = document.createElement(tag)
  if (text !== undefined) node.textContent = text
  if (className) node.className = className
  return node
}

// Word-level diff (longest common subsequence over words and spaces; characters for Chinese).
function tokens(text) {
  return text.match(/\p{Script=Han}|[^\s\p{Script=Han}]+|\s+/gu) || []
}
function renderDiff(before, after) {
  const a = tokens(before)
  const b = tokens(after)
  const target = $('diff')
  target.replaceChildren()
  if (a.length * b.length > 4_000_000) {
    target.textContent = 'Too long to compare.'
    return
  }
  const table = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1))
  for (let i = a.length - 1; i >= 0; i -= 1)
    for (let j = b.length - 1; j >= 0; j -= 1)
      table[i][j] =
        a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1])
  let i = 0
  let j = 0
  let changes = 0
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      target.append(a[i])
      i += 1
      j += 1
    } else if (j < b.length && (i === a.length || table[i][j + 1] >= table[i + 1][j])) {
      target.append(element('ins', b[j]))
      j += 1
      changes += 1
    } else {
      target.append(element('del', a[i]))
      i += 1
      changes += 1
    }
  }
  if (changes === 0) target.textContent = 'No changes: the candidate as written.'
}

function chosenCandidate() {
  return state.detail.item.candidates.find((candidate) => candidate.id === state.candidateId)
}

function renderCandidates() {
  const item = state.detail.item
  const container = $('candidates')
  container.replaceChildren()
  item.candidates.forEach((candidate, position) => {
    const card = element(
      'article',
      undefined,
      `candidate${candidate.id === item.bestId ? ' best' : ''}${candidate.id === state.candidateId ? ' chosen' : ''}`,
    )
    card.setAttribute('aria-label', `Candidate ${position + 1}: ${candidate.id}`)
    card.append(
      element(
        'h4',
        `${position + 1}. ${candidate.id}${candidate.id === item.bestId ? ' (best)' : ''}`,
      ),
    )
    const s = candidate.scores
    const fmt = (value) => (value === null ? 'n/a' : value.toFixed(2))
    card.append(
      element(
        'p',
        `total ${fmt(s.total)} · citations ${fmt(s.citation)} · rules ${fmt(s.rules)} · judge ${fmt(s.judge)} · reward ${fmt(s.reward)}`,
        'scores',
      ),
    )
    if (candidate.judgeError)
      card.append(element('p', `judge gave no rating: ${candidate.judgeError}`, 'scores'))
    card.append(element('p', candidate.text))
    const notes = element('ul')
    for (const annotation of candidate.annotations)
      notes.append(
        element(
          'li',
          `${annotation.rule}: ${annotation.message}`,
          `annotation-${annotation.severity}`,
        ),
      )
    card.append(notes)
    const use = element('button', `Start from candidate ${position + 1}`)
    use.type = 'button'
    use.addEventListener('click', () => chooseCandidate(position))
    card.append(use)
    container.append(card)
  })
}

function renderAnnotations() {
  const list = $('annotations')
  list.replaceChildren()
  const candidate = chosenCandidate()
  if (!candidate || candidate.annotations.length === 0)
    list.append(element('li', 'No rule annotations.'))
  else
    for (const annotation of candidate.annotations)
      list.append(
        element(
          'li',
          `${annotation.severity} · ${annotation.rule}: ${annotation.message}`,
          `annotation-${annotation.severity}`,
        ),
      )
  $('answer-source').textContent = candidate ? candidate.id : ''
}

function chooseCandidate(position) {
  const candidate = state.detail.item.candidates[position]
  if (!candidate) return
  state.candidateId = candidate.id
  $('answer').value = candidate.text
  renderCandidates()
  renderAnnotations()
  renderDiff(candidate.text, candidate.text)
  scheduleSave()
  say(`Starting from candidate ${position + 1} (${candidate.id}).`)
}

function renderItem() {
  const detail = state.detail
  $('empty').hidden = detail !== null
  $('item-body').hidden = detail === null
  if (!detail) return
  const item = detail.item
  $('item-status').textContent = `(${detail.status})`
  $('question').textContent = item.query
  $('question').lang = /\p{Script=Han}/u.test(item.query) ? 'zh' : 'en'
  $('deid-note').textContent = item.deid.applied
    ? `De-identified: ${item.deid.spans} span(s)${item.deid.types.length ? ` (${item.deid.types.join(', ')})` : ''}.`
    : 'Not de-identified.'
  const refs = $('references')
  refs.replaceChildren()
  for (const reference of item.references) {
    const entry = element('li')
    entry.value = reference.index
    const meta = element('p', undefined, 'ref-meta')
    meta.append(
      element('span', `Authority ${reference.authority}`, 'authority'),
      ` · ${reference.date || 'undated'} · ${reference.source} · `,
    )
    const link = element('a', reference.title)
    link.href = /^https?:\/\//.test(reference.url) ? reference.url : '#'
    link.rel = 'noreferrer noopener'
    link.target = '_blank'
    meta.append(link)
    entry.append(meta, element('p', reference.text))
    refs.append(entry)
  }
  const points = $('key-points')
  points.replaceChildren()
  if (item.keyPoints.length === 0) points.append(element('li', 'No key points were drafted.'))
  item.keyPoints.forEach((point, index) => {
    const entry = element('li')
    const box = element('input')
    box.type = 'checkbox'
    box.id = `point-${index}`
    const label = element('label', point)
    label.htmlFor = box.id
    entry.append(box, ' ', label)
    points.append(entry)
  })
  const reviews = $('reviews')
  reviews.replaceChildren()
  const all = [
    ...detail.reviews,
    ...(detail.adjudication
      ? [{ ...detail.adjudication, reviewer: `${detail.adjudication.reviewer} (adjudicator)` }]
      : []),
  ]
  $('reviews-section').hidden = all.length === 0
  for (const review of all)
    reviews.append(
      element(
        'li',
        `${review.reviewer}: ${review.decision}${review.reason ? ` (${review.reason})` : ''}${review.answer ? ` — answer: ${review.answer}` : ''}`,
      ),
    )
  const mine = detail.reviews.find((review) => review.reviewer === state.me.name)
  state.candidateId = mine?.candidateId || item.bestId
  const candidate = chosenCandidate()
  $('answer').value = detail.draft ?? mine?.answer ?? candidate?.text ?? ''
  renderCandidates()
  renderAnnotations()
  renderDiff(candidate?.text ?? '', $('answer').value)
  $('autosave').textContent = detail.draft !== null ? 'Restored your autosaved edit.' : ''
}

function renderQueue() {
  const list = $('queue')
  list.replaceChildren()
  for (const entry of state.queue) {
    const row = element('li')
    const button = element('button', `${entry.id}: ${entry.query}`)
    button.type = 'button'
    button.setAttribute('aria-current', String(entry.id === state.current))
    button.addEventListener('click', () => openItem(entry.id))
    row.append(button)
    list.append(row)
  }
}

async function loadStats() {
  const stats = await api('/api/stats')
  const kappa = stats.agreement.kappa === null ? 'n/a' : stats.agreement.kappa.toFixed(2)
  $('stats').textContent =
    `${stats.byStatus.pending} pending · ${stats.byStatus.accepted} accepted · ${stats.byStatus.rejected} rejected · ${stats.byStatus.flagged} flagged · ${stats.byStatus.disputed} disputed · kappa ${kappa} (${stats.agreement.items} double-reviewed)`
}

async function loadQueue(keepCurrent) {
  const view = $('view').value
  const query =
    view === 'mine' ? '?status=pending&assigned=me' : view === 'all' ? '' : `?status=${view}`
  const { items } = await api(`/api/items${query}`)
  state.queue =
    view === 'mine'
      ? items.filter((entry) => entry.myDecision === null || entry.myDecision === 'skip')
      : items
  renderQueue()
  await loadStats()
  const next =
    keepCurrent && state.queue.some((entry) => entry.id === state.current)
      ? state.current
      : state.queue[0]?.id
  if (next) await openItem(next)
  else {
    state.current = null
    state.detail = null
    renderItem()
  }
}

async function openItem(id) {
  await flushSave()
  state.current = id
  state.detail = await api(`/api/items/${encodeURIComponent(id)}`)
  renderQueue()
  renderItem()
  $('item').focus()
}

function scheduleSave() {
  clearTimeout(state.saveTimer)
  $('autosave').textContent = 'Editing…'
  state.saveTimer = setTimeout(() => {
    flushSave()
  }, 600)
}

async function flushSave() {
  if (state.saveTimer === null || !state.detail) return
  clearTimeout(state.saveTimer)
  state.saveTimer = null
  try {
    await api(`/api/items/${encodeURIComponent(state.current)}/draft`, {
      method: 'POST',
      body: { answer: $('answer').value },
    })
    $('autosave').textContent = 'Saved.'
  } catch (error) {
    $('autosave').textContent = `Not saved: ${error.message}`
  }
}

async function decide(decision, reason) {
  if (!state.detail) return
  await flushSave()
  const body = { decision, candidateId: state.candidateId }
  if (decision === 'accept') body.answer = $('answer').value
  if (reason) body.reason = reason
  const adjudicating = state.detail.status === 'disputed' && state.me.role !== 'reviewer'
  const path = `/api/items/${encodeURIComponent(state.current)}/${adjudicating ? 'adjudicate' : 'review'}`
  try {
    await api(path, { method: 'POST', body })
    say(`${adjudicating ? 'Adjudicated' : 'Recorded'}: ${decision} on ${state.current}.`)
    const position = state.queue.findIndex((entry) => entry.id === state.current)
    await loadQueue(false)
    const next = state.queue[Math.min(position, state.queue.length - 1)]
    if (next) await openItem(next.id)
  } catch (error) {
    say(`Not recorded: ${error.message}`)
  }
}

function askReason(decision) {
  state.reasonFor = decision
  $('reason-legend').textContent = decision === 'reject' ? 'Why reject?' : 'What is unsafe?'
  $('reason-form').hidden = false
  $('reason-choice').focus()
}

function closeReason() {
  $('reason-form').hidden = true
  state.reasonFor = null
  $('item').focus()
}

function move(step) {
  const position = state.queue.findIndex((entry) => entry.id === state.current)
  const next = state.queue[position + step]
  if (next) openItem(next.id)
}

document.addEventListener('keydown', (event) => {
  const target = event.target
  if (target === $('answer')) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault()
      decide('accept')
    } else if (event.key === 'Escape') {
      event.preventDefault()
      $('item').focus()
    }
    return
  }
  if (!$('reason-form').hidden) {
    if (event.key === 'Escape') {
      event.preventDefault()
      closeReason()
    }
    return
  }
  if (
    target instanceof HTMLInputElement ||
    target instanceof HTMLSelectElement ||
    target instanceof HTMLTextAreaElement
  )
    return
  if (event.ctrlKey || event.metaKey || event.altKey || !state.detail) return
  const actions = {
    a: () => decide('accept'),
    r: () => askReason('reject'),
    f: () => askReason('flag'),
    s: () => decide('skip'),
    j: () => move(1),
    k: () => move(-1),
    e: () => $('answer').focus(),
  }
  if (actions[event.key]) {
    event.preventDefault()
    actions[event.key]()
  } else if (/^[1-9]$/.test(event.key)) {
    event.preventDefault()
    chooseCandidate(Number(event.key) - 1)
  }
})

$('answer').addEventListener('input', () => {
  const candidate = chosenCandidate()
  renderDiff(candidate?.text ?? '', $('answer').value)
  scheduleSave()
})
$('accept').addEventListener('click', () => decide('accept'))
$('reject').addEventListener('click', () => askReason('reject'))
$('flag').addEventListener('click', () => askReason('flag'))
$('skip').addEventListener('click', () => decide('skip'))
$('reason-cancel').addEventListener('click', closeReason)
$('reason-form').addEventListener('submit', (event) => {
  event.preventDefault()
  const text = $('reason-text').value.trim()
  const reason = `${$('reason-choice').value}${text ? `: ${text}` : ''}`
  const decision = state.reasonFor
  $('reason-text').value = ''
  closeReason()
  decide(decision, reason)
})
$('view').addEventListener('change', () => loadQueue(false))
$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault()
  state.token = $('token').value.trim()
  $('token').value = ''
  await start()
})

async function start() {
  try {
    state.me = await api('/api/me')
  } catch (error) {
    $('login').hidden = false
    $('workspace').hidden = true
    $('login-error').textContent = state.token ? `Log in failed: ${error.message}` : ''
    $('token').focus()
    return
  }
  sessionStorage.setItem('galen-studio-token', state.token)
  $('login').hidden = true
  $('workspace').hidden = false
  $('who').textContent = `${state.me.name} (${state.me.role})`
  // Admins get no assignments: they start from every item.
  $('view').value = state.me.role === 'admin' ? 'all' : 'mine'
  await loadQueue(false)
}

start()

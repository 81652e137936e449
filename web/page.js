// Shared by the page's modules: state, strings, DOM building and the API client. Every text
// from the server is inserted as text, never as HTML.

import { initialLanguage, translate, unitFor } from './i18n.js'

export const byId = (id) => document.getElementById(id)

export const state = {
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

export function readStorage(key) {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}

export function writeStorage(key, value) {
  try {
    localStorage.setItem(key, value)
  } catch {
    // Storage can be disabled; the page works without it.
  }
}

export const t = (key, values) => translate(state.language, key, values)

export function element(tag, attributes = {}, ...children) {
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

export class PageError extends Error {}

function apiHeaders() {
  const headers = { 'content-type': 'application/json' }
  const key = readStorage('galen-api-key')
  if (key) headers.authorization = `Bearer ${key}`
  return headers
}

export async function api(path, options = {}) {
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
export function setStatus(status, isError = false) {
  state.status = status === null ? null : { ...status, isError }
  renderStatus()
}

export function renderStatus() {
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

/** "76.9 mL/min" as the server formats it; in Chinese the unit word is translated. */
export function displayOf(calculation) {
  const display = calculation.display
  if (typeof display !== 'string' || display === '') return null
  if (state.language === 'en') return display
  const match = display.match(/^(-?[\d.,]+)\s+(.+)$/)
  if (match === null) return display
  return `${match[1]} ${unitFor(state.language, Number(match[1]), match[2])}`
}

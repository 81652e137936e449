/**
 * Normalises an HTTP request target to the path a router matches, so that an access decision
 * and the route it protects see the same value: absolute form (`http://host/v1/models`) becomes
 * its path, the query and fragment go, percent-encodings are decoded once (as routers do),
 * repeated slashes collapse and dot segments are resolved.
 */
import { HttpError } from './http-error.js'

const ABSOLUTE_FORM = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i

/**
 * The normalised path of a request target.
 *
 * @example
 * normaliseRequestTarget('http://x/%761//search/../models?y=1') // '/v1/models'
 * @throws HttpError 400 for a target that is not origin or absolute form, a malformed
 *   percent-encoding, or a control character after decoding.
 */
export function normaliseRequestTarget(target: string): string {
  let path = target
  const absolute = ABSOLUTE_FORM.exec(path)
  if (absolute !== null) path = path.slice(absolute[0].length)
  if (path === '') path = '/'
  const cut = path.search(/[?#]/)
  if (cut >= 0) path = path.slice(0, cut)
  if (!path.startsWith('/')) {
    throw new HttpError(400, 'the request target must be a path', { code: 'bad_request_target' })
  }
  let decoded: string
  try {
    decoded = path.includes('%') ? decodeURIComponent(path) : path
  } catch {
    throw new HttpError(400, 'the request target has a malformed percent-encoding', {
      code: 'bad_request_target',
    })
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(decoded)) {
    throw new HttpError(400, 'the request target has a control character', {
      code: 'bad_request_target',
    })
  }
  const segments: string[] = []
  for (const segment of decoded.replace(/\\/g, '/').split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') segments.pop()
    else segments.push(segment)
  }
  const trailing = decoded.length > 1 && decoded.endsWith('/') && segments.length > 0 ? '/' : ''
  return `/${segments.join('/')}${trailing}`
}

/**
 * The official `openai` client with two per-request costs memoized: the authorization headers
 * (rebuilt as an undici `Headers` object on every request) and the request URL (parsed with
 * `new URL` on every request). Both are pure functions of settings that do not change between
 * requests here, so requests carry the same headers and go to the same URL as with the plain
 * client; everything else (header merging and validation, body encoding, errors, streaming)
 * is the client's own code.
 */
import OpenAI from 'openai'

type AuthHeaders = Awaited<ReturnType<OpenAI['authHeaders']>>

/** An `OpenAI` client that reuses its authorization headers and request URLs. */
export class MemoizedOpenAI extends OpenAI {
  #auth:
    | { apiKey: string | null; admin: string | null; bearer: boolean; adminAuth: boolean }
    | undefined
  #authHeaders: AuthHeaders
  readonly #urls = new Map<string, string>()

  protected override async authHeaders(
    ...parameters: Parameters<OpenAI['authHeaders']>
  ): Promise<AuthHeaders> {
    const schemes = parameters[1] ?? { bearerAuth: true, adminAPIKeyAuth: true }
    const bearer = schemes.bearerAuth === true
    const adminAuth = schemes.adminAPIKeyAuth === true
    const admin = this.adminAPIKey ?? null
    // A workload identity token can change between requests: never memoized.
    if ((this as unknown as { _workloadIdentityAuth?: unknown })._workloadIdentityAuth) {
      return super.authHeaders(...parameters)
    }
    const known = this.#auth
    if (
      known !== undefined &&
      known.apiKey === this.apiKey &&
      known.admin === admin &&
      known.bearer === bearer &&
      known.adminAuth === adminAuth
    ) {
      return this.#authHeaders
    }
    const headers = await super.authHeaders(...parameters)
    this.#auth = { apiKey: this.apiKey, admin, bearer, adminAuth }
    this.#authHeaders = headers
    return headers
  }

  override buildURL(
    path: string,
    query: Record<string, unknown> | null | undefined,
    defaultBaseURL?: string | undefined,
  ): string {
    if (query !== undefined && query !== null) return super.buildURL(path, query, defaultBaseURL)
    const defaults = this.defaultQuery()
    if (defaults !== undefined && Object.keys(defaults).length > 0) {
      return super.buildURL(path, query, defaultBaseURL)
    }
    const key = `${this.baseURL}\n${defaultBaseURL ?? ''}\n${path}`
    let url = this.#urls.get(key)
    if (url === undefined) {
      url = super.buildURL(path, query, defaultBaseURL)
      if (this.#urls.size < 64) this.#urls.set(key, url)
    }
    return url
  }
}

/**
 * Launches Debian's Chromium (never a downloaded browser) through playwright-core for browser
 * tests. Under CI a missing browser fails the test; elsewhere the test is skipped with the reason.
 */
import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'

/** Where Debian installs Chromium (override with GALEN_CHROMIUM). */
export const chromiumPath = process.env.GALEN_CHROMIUM ?? '/usr/bin/chromium'

/** Whether the browser exists; throws under CI when it does not. */
export function hasChromium(): boolean {
  if (existsSync(chromiumPath)) return true
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(`browser tests need Chromium at "${chromiumPath}" (apt-get install chromium)`)
  }
  return false
}

/** Launches headless Chromium with flags that keep it off the network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  })
}

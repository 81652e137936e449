/**
 * The acceptance path of issue 19 in a real browser: 50 queries drafted with N=4 from two scripted
 * models over the demonstration index, the studio served over the project, a reviewer logs in,
 * edits one answer with the keyboard and accepts it, rejects another with a reason, and the export
 * holds the edited answer with its provenance and not the rejected one. Set
 * GALEN_STUDIO_SCREENSHOTS=FOLDER to save the screenshots used in docs/sft-curation.md.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type DemoProject,
  draftDemoProject,
} from '../../src/curation/__fixtures__/scripted-project.js'
import { exportItems, openProject } from '../../src/curation/index.js'
import { type StudioApp, startStudio } from '../../src/server/studio-app.js'
import { hasChromium, launchChromium } from '../support/chromium.js'

const TOKEN = 'ana-browser-token-0123'
const screenshots = process.env.GALEN_STUDIO_SCREENSHOTS

describe.skipIf(!hasChromium())('the review studio in Chromium', () => {
  let folder: string
  let project: DemoProject
  let studio: StudioApp
  let curation: ReturnType<typeof openProject>
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'galen-studio-browser-'))
    project = await draftDemoProject(folder)
    curation = openProject({ folder, reviewers: ['ana'], overlap: 0 })
    studio = await startStudio({
      project: curation,
      reviewers: [{ name: 'ana', role: 'reviewer', token: TOKEN }],
    })
    browser = await launchChromium()
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } })
    page = await context.newPage()
    if (screenshots !== undefined) mkdirSync(screenshots, { recursive: true })
  })

  afterAll(async () => {
    await browser?.close()
    await studio?.close()
    await curation?.close()
    await project?.close()
    rmSync(folder, { recursive: true, force: true })
  })

  it('logs in, edits and accepts with the keyboard, rejects with a reason, and exports the edit', async () => {
    expect(project.result.done).toBe(50)
    await page.goto(studio.url)
    await page.getByLabel('Reviewer token').fill(TOKEN)
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator('#who').textContent()).toBe('ana (reviewer)')
    await expect.poll(() => page.locator('#queue li').count()).toBe(50)
    const firstId = (await page.locator('#queue button[aria-current="true"]').textContent())?.split(
      ':',
    )[0]
    expect(firstId).toBeTruthy()
    if (screenshots !== undefined)
      await page.screenshot({ path: join(screenshots, 'studio-item.png'), fullPage: true })

    const axe = await new AxeBuilder({ page }).analyze()
    expect(
      axe.violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map((violation) => violation.id),
    ).toEqual([])

    // e focuses the editor; type at the end; Ctrl+Enter accepts.
    await page.locator('#item').focus()
    await page.keyboard.press('e')
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('answer')
    await page.keyboard.press('Control+End')
    await page.keyboard.type(' Reviewed by a clinician.')
    await expect.poll(() => page.locator('#diff ins').count()).toBeGreaterThan(0)
    await expect.poll(() => page.locator('#autosave').textContent()).toBe('Saved.')
    if (screenshots !== undefined)
      await page.screenshot({ path: join(screenshots, 'studio-edit-diff.png'), fullPage: true })
    await page.keyboard.press('Control+Enter')
    await expect
      .poll(() => page.locator('#message').textContent())
      .toBe(`Recorded: accept on ${firstId}.`)

    // The message is written before the queue moves on: wait for the next item to be current.
    const currentId = async (): Promise<string | undefined> =>
      (await page.locator('#queue button[aria-current="true"]').textContent())?.split(':')[0]
    await expect.poll(currentId).not.toBe(firstId)
    const secondId = await currentId()
    expect(secondId).toBeDefined()
    await page.locator('#item').focus()
    await page.keyboard.press('r')
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('reason-choice')
    await page.selectOption('#reason-choice', 'Not supported by the references')
    await page.locator('#reason-text').fill('cites a passage that was not given')
    if (screenshots !== undefined)
      await page.screenshot({ path: join(screenshots, 'studio-reject.png'), fullPage: true })
    await page.locator('#reason-text').press('Tab')
    await page.keyboard.press('Enter')
    await expect
      .poll(() => page.locator('#message').textContent())
      .toBe(`Recorded: reject on ${secondId}.`)
    await expect.poll(() => page.locator('#queue li').count()).toBe(48)

    const state = await curation.state()
    const exported = exportItems(state.items, { format: 'trl' })
    expect(exported.provenance.map((entry) => entry.id)).toEqual([firstId])
    const record = exported.records[0] as {
      messages: Array<{ role: string; content: string }>
      metadata: Record<string, unknown>
    }
    expect(record.messages[2]?.content).toMatch(/ Reviewed by a clinician\.$/)
    expect(record.metadata).toMatchObject({
      reviewer: 'ana',
      edited: true,
      status: 'accepted',
      model: expect.stringMatching(/^model-[ab]$/),
    })
    expect((record.metadata.sources as unknown[]).length).toBeGreaterThan(0)
    expect(state.byId.get(secondId as string)?.reviews.get('ana')).toMatchObject({
      decision: 'reject',
      reason: 'Not supported by the references: cites a passage that was not given',
    })
  })
})

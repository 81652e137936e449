import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runGalenInProcess } from '../../test/support/cli.js'
import { startServeInFreshFolder } from '../../test/support/serve.js'

const children: ChildProcess[] = []

afterAll(() => {
  for (const child of children) child.kill('SIGTERM')
})

/** Starts `galen serve` in an empty folder, as on a fresh machine. */
function startServe(): Promise<string> {
  return startServeInFreshFolder({ children, prefix: 'galen-serve-zh-' })
}

describe('Chinese questions on a fresh machine', () => {
  it('galen serve answers 高血压的一线治疗药物是什么？ with cited Chinese passages', async () => {
    const url = await startServe()
    const response = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        messages: [{ role: 'user', content: '高血压的一线治疗药物是什么？' }],
      }),
    })
    expect(response.status).toBe(200)
    const answer = (await response.json()) as {
      citations: Array<{ title: string; passage: string; demonstration?: boolean }>
      galen: { mode: string }
    }
    expect(answer.galen.mode).toBe('evidence')
    expect(answer.citations.length).toBeGreaterThan(0)
    const first = answer.citations[0]
    expect(first?.title).toContain('高血压')
    expect(first?.passage).toMatch(/钙通道阻滞剂|ACEI|利尿剂/)
    expect(first?.demonstration).toBe(true)
  })

  it('finds a user’s own Chinese guideline for 一线降压药 after galen ingest', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'galen-zh-ingest-'))
    const guideline = join(folder, '基层高血压指南.md')
    writeFileSync(
      guideline,
      [
        '# 基层高血压管理要点（测试用文档）',
        '',
        '## 药物治疗',
        '',
        '常用降压药物包括血管紧张素转换酶抑制剂（ACEI）、血管紧张素Ⅱ受体拮抗剂、二氢吡啶类钙通道阻滞剂和噻嗪类利尿剂，均可作为初始治疗的选择。',
        '',
        '## 随访',
        '',
        '血压达标的患者每三个月随访一次，测量血压并评估用药依从性和不良反应。',
      ].join('\n'),
    )
    const index = join(folder, 'mine.db')
    const ingest = await runGalenInProcess(['ingest', guideline, '--index', index])
    expect(ingest.code, ingest.stderr).toBe(0)
    for (const query of ['一线降压药', '高血压的一线治疗药物是什么？']) {
      const search = await runGalenInProcess(['search', query, '--index', index, '--json'])
      expect(search.code, search.stderr).toBe(0)
      const result = JSON.parse(search.stdout) as { hits: Array<{ text: string }> }
      expect(result.hits[0]?.text, query).toContain('钙通道阻滞剂')
    }
  })
})

/**
 * Writes minimal valid PDF files (Helvetica text, one text block per page) for loader tests, so
 * that no binary fixture needs to be committed. Test-only.
 */

function escapePdfText(text: string): string {
  return text.replace(/[()\\]/g, (character) => `\\${character}`)
}

/** A PDF whose pages hold the given lines, with an optional document title. */
export function makePdf(pages: string[][], title?: string): Uint8Array {
  const objects: string[] = []
  const pageIds: number[] = []
  const pageObjects: string[] = []
  let next = 5
  for (const lines of pages) {
    const pageId = next
    const contentId = next + 1
    next += 2
    pageIds.push(pageId)
    const stream = `BT /F1 12 Tf 72 720 Td 14 TL ${lines.map((line) => `(${escapePdfText(line)}) '`).join(' ')} ET`
    pageObjects.push(
      `${pageId} 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentId} 0 R >>\nendobj\n`,
      `${contentId} 0 obj\n<< /Length ${stream.length} >>\nstream\n${stream}\nendstream\nendobj\n`,
    )
  }
  objects.push('1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n')
  objects.push(
    `2 0 obj\n<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>\nendobj\n`,
  )
  objects.push('3 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n')
  objects.push(
    `4 0 obj\n<< ${title === undefined ? '' : `/Title (${escapePdfText(title)}) `}/CreationDate (D:20210304101500Z) >>\nendobj\n`,
  )
  objects.push(...pageObjects)
  let body = '%PDF-1.4\n'
  const offsets: number[] = []
  for (const object of objects) {
    offsets.push(body.length)
    body += object
  }
  const xref = body.length
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  body += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return new TextEncoder().encode(body)
}

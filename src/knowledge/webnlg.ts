/**
 * Reading WebNLG files (the 2020 challenge's XML benchmark files and the text-to-RDF submission
 * files). The reader is lenient on purpose: some official submission files are not well-formed XML
 * (a raw `&` inside an entity name), and the challenge's own scorer tolerated them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { InputError } from '../errors.js'

/** One WebNLG triple, as the data writes it (`Subject_Name | predicate | object`). */
export interface WebnlgTriple {
  subject: string
  predicate: string
  object: string
}

/** One benchmark entry: its triples (the modified set), reference texts and attributes. */
export interface WebnlgEntry {
  /** The entry id as written (`Id12`), or `#k` (1-based position) when the file has none. */
  id: string
  category: string
  size: number
  /** `<mtriple>` for benchmark files, `<gtriple>` for system outputs. */
  triples: WebnlgTriple[]
  /** `<lex>` texts in document order. */
  texts: string[]
}

function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (match, name: string) => {
    switch (name) {
      case 'lt':
        return '<'
      case 'gt':
        return '>'
      case 'amp':
        return '&'
      case 'quot':
        return '"'
      case 'apos':
        return "'"
      default: {
        const code = name.startsWith('#x')
          ? Number.parseInt(name.slice(2), 16)
          : Number.parseInt(name.slice(1), 10)
        return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : match
      }
    }
  })
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag)
  if (match === null) return undefined
  return decodeEntities(match[1] ?? match[2] ?? '')
}

/**
 * Parses a `Subject | predicate | object` line.
 *
 * @throws InputError when the line has fewer than three parts
 */
export function parseWebnlgTriple(text: string, field = 'triple'): WebnlgTriple {
  const parts = text.split(' | ')
  if (parts.length < 3) {
    throw new InputError(`knowledge: ${field} "${text}" is not "subject | predicate | object"`, {
      field,
      value: text,
    })
  }
  return {
    subject: (parts[0] ?? '').trim(),
    predicate: (parts[1] ?? '').trim(),
    object: parts.slice(2).join(' | ').trim(),
  }
}

/**
 * Parses the entries of one WebNLG XML text (benchmark or submission file).
 *
 * @param source - the file name, for error messages
 */
export function parseWebnlgXml(xml: string, source = 'xml'): WebnlgEntry[] {
  const entries: WebnlgEntry[] = []
  const entryPattern = /<entry(\s[^>]*)?>([\s\S]*?)<\/entry>/g
  for (const match of xml.matchAll(entryPattern)) {
    const tag = match[1] ?? ''
    const body = match[2] ?? ''
    const position = entries.length + 1
    const tripleTag = /<mtriple>/.test(body) ? 'mtriple' : 'gtriple'
    const triples: WebnlgTriple[] = []
    for (const triple of body.matchAll(
      new RegExp(`<${tripleTag}>([\\s\\S]*?)</${tripleTag}>`, 'g'),
    )) {
      triples.push(
        parseWebnlgTriple(decodeEntities((triple[1] ?? '').trim()), `${source} entry ${position}`),
      )
    }
    const texts: string[] = []
    for (const lex of body.matchAll(/<lex(?:\s[^>]*)?>([\s\S]*?)<\/lex>/g)) {
      texts.push(decodeEntities(lex[1] ?? '').trim())
    }
    entries.push({
      id: attribute(tag, 'eid') ?? `#${position}`,
      category: attribute(tag, 'category') ?? '',
      size: Number(attribute(tag, 'size') ?? triples.length),
      triples,
      texts,
    })
  }
  return entries
}

/** Reads one WebNLG XML file, or every `.xml` file under a folder (sorted by path). */
export function readWebnlg(path: string): WebnlgEntry[] {
  const stat = statSync(path, { throwIfNoEntry: false })
  if (stat === undefined) {
    throw new InputError(`knowledge: WebNLG path "${path}" does not exist`, {
      field: 'path',
      value: path,
    })
  }
  if (stat.isDirectory()) {
    const files: string[] = []
    const walk = (folder: string): void => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const full = join(folder, entry.name)
        if (entry.isDirectory()) walk(full)
        else if (entry.name.endsWith('.xml')) files.push(full)
      }
    }
    walk(path)
    return files.sort().flatMap((file) => parseWebnlgXml(readFileSync(file, 'utf8'), file))
  }
  return parseWebnlgXml(readFileSync(path, 'utf8'), path)
}

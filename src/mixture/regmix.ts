/**
 * Reads the RegMix measurements (sail-sg/regmix, MIT): mixture CSV files (`index` + 17 domain
 * weights) and loss CSV files (`index` + per-domain validation losses), joined on `index`.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { InputError, NotFoundError } from '../errors.js'

/** The loss column the RegMix authors optimise (Pile-CC validation loss, lower is better). */
export const REGMIX_TARGET = 'metric/the_pile_pile_cc_val_loss'

/** Mixtures and their target losses, row-aligned. */
export interface RegmixTable {
  domains: string[]
  mixtures: number[][]
  losses: number[]
}

function readNumericCsv(path: string): { header: string[]; rows: number[][] } {
  if (!existsSync(path)) throw new NotFoundError(`mixture: RegMix file "${path}" does not exist`)
  const lines = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
  const header = (lines[0] ?? '').split(',').map((cell) => cell.trim())
  const rows = lines.slice(1).map((line, index) => {
    const cells = line.split(',')
    if (cells.length !== header.length) {
      throw new InputError(
        `mixture: ${path} line ${index + 2} has ${cells.length} fields, the header ${header.length}`,
        { field: `line ${index + 2}`, value: line.slice(0, 80) },
      )
    }
    return cells.map((cell, column) => {
      const value = Number(cell)
      if (cell.trim() === '' || !Number.isFinite(value)) {
        throw new InputError(
          `mixture: ${path} line ${index + 2} column "${header[column]}" is not a number: "${cell}"`,
          { field: header[column] ?? String(column), value: cell },
        )
      }
      return value
    })
  })
  return { header, rows }
}

/**
 * Reads one RegMix pair, for example `train_mixture_1m.csv` with `train_pile_loss_1m.csv`.
 *
 * @throws NotFoundError for a missing file; InputError for malformed rows, a missing target
 *   column or indices that do not line up
 */
export function readRegmix(options: {
  directory: string
  mixtureFile: string
  lossFile: string
  target?: string
}): RegmixTable {
  const target = options.target ?? REGMIX_TARGET
  const mixtures = readNumericCsv(join(options.directory, options.mixtureFile))
  const losses = readNumericCsv(join(options.directory, options.lossFile))
  const targetColumn = losses.header.indexOf(target)
  if (targetColumn < 0) {
    throw new InputError(`mixture: ${options.lossFile} has no column "${target}"`, {
      field: 'target',
      value: target,
    })
  }
  if (mixtures.rows.length !== losses.rows.length) {
    throw new InputError(
      `mixture: ${options.mixtureFile} has ${mixtures.rows.length} rows but ${options.lossFile} has ${losses.rows.length}`,
      { field: 'rows', value: [mixtures.rows.length, losses.rows.length] },
    )
  }
  mixtures.rows.forEach((row, index) => {
    if (row[0] !== losses.rows[index]?.[0]) {
      throw new InputError(
        `mixture: row ${index + 1} has index ${row[0]} in ${options.mixtureFile} but ${losses.rows[index]?.[0]} in ${options.lossFile}`,
        { field: 'index', value: row[0] },
      )
    }
  })
  return {
    domains: mixtures.header.slice(1),
    mixtures: mixtures.rows.map((row) => row.slice(1)),
    losses: losses.rows.map((row) => row[targetColumn] as number),
  }
}

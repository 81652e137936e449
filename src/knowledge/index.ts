/**
 * Knowledge: triples in, sentences out and back (consistency gate), WebNLG scoring.
 */
export { type BleuResult, corpusBleu, mtevalTokens, tokenizeMteval } from './bleu.js'
export {
  type ChrfResult,
  type ChrfSettings,
  chrfCharacters,
  chrfWords,
  corpusChrf,
} from './chrf.js'
export { readAlignedFiles, readLines, splitLines } from './text-lines.js'
export {
  assignMinimumCost,
  normalizeTripleElement,
  type PrecisionRecallF1,
  scoreTripleEntry,
  scoreTriples,
  type TripleScheme,
  type TripleScores,
} from './triple-scores.js'
export {
  type EntityType,
  parseTripleValue,
  safeParseTriple,
  type Triple,
} from './triples.js'
export {
  parseWebnlgTriple,
  parseWebnlgXml,
  readWebnlg,
  type WebnlgEntry,
  type WebnlgTriple,
} from './webnlg.js'

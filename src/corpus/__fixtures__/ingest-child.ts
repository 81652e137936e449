/**
 * Child process for the crash-safety test: ingests a deterministic stream of documents into the
 * index given as argument, one small batch per transaction, and prints a line after each commit
 * so the parent can kill it mid-way.
 */
import { ingest } from '../ingest.js'
import { syntheticDocuments } from './synthetic-documents.js'

const [indexPath, countText] = process.argv.slice(2)
if (indexPath === undefined) throw new Error('usage: ingest-child INDEX COUNT')
const count = Number(countText ?? '200')

async function* slowDocuments() {
  for (const document of syntheticDocuments(count)) {
    // Slow the stream so that the parent can kill the process between commits.
    await new Promise((resolve) => setTimeout(resolve, 2))
    yield document
  }
}

await ingest({
  documents: slowDocuments(),
  index: indexPath,
  embedder: false,
  batchSize: 10,
  onProgress: (progress) => process.stdout.write(`stored ${progress.stored}\n`),
})
process.stdout.write('done\n')

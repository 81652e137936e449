/**
 * The layout of a Galen index file. One SQLite file holds documents, chunks, an FTS5 full-text
 * index (Porter stemming, diacritics folded) and, once vectors are stored, a sqlite-vec table.
 */

/** Bumped whenever the layout changes incompatibly. */
export const SCHEMA_VERSION = 1

/** The FTS5 tokenizer: Porter stemming over Unicode words with diacritics removed. */
export const FTS_TOKENIZER = 'porter unicode61 remove_diacritics 2'

/** Statements that create the tables when the file is new; safe to run on an existing file. */
export const CREATE_STATEMENTS: readonly string[] = [
  `create table if not exists meta (key text primary key, value text not null)`,
  `create table if not exists documents (
    rowid integer primary key,
    id text not null unique,
    title text not null,
    publisher text not null,
    url text not null,
    material_type text not null,
    published text,
    updated text,
    language text not null,
    citation text not null,
    authority text not null,
    authority_reason text not null,
    tags text not null,
    demonstration integer not null,
    content_hash text not null,
    signature blob,
    source text,
    ingested_at text not null
  )`,
  `create index if not exists documents_authority on documents (authority)`,
  `create table if not exists chunks (
    rowid integer primary key,
    document_rowid integer not null references documents (rowid),
    position integer not null,
    heading text,
    text text not null,
    token_count integer not null
  )`,
  `create index if not exists chunks_document on chunks (document_rowid)`,
  `create virtual table if not exists chunks_fts using fts5 (
    title, heading, body, content = '', contentless_delete = 1, tokenize = '${FTS_TOKENIZER}'
  )`,
  `create virtual table if not exists chunks_vocabulary using fts5vocab (chunks_fts, 'row')`,
]

/** The statement that creates the vector table once the embedding size is known. */
export function createVectorTableStatement(dimensions: number): string {
  return `create virtual table if not exists chunks_vec using vec0 (
    embedding float[${dimensions}] distance_metric = cosine,
    document_rowid integer,
    authority text,
    material_type text,
    published text,
    language text
  )`
}

/**
 * The largest document data-model reads. A data model of 1,000 tables is under 2 MB; past
 * 20 MB a file is not a data model anyone reads, and reading it costs the editor (the language
 * server holds every open document) seconds and hundreds of megabytes. The CLI, the language
 * server and the ERD refuse bigger input with this message instead of working through it.
 */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Why a document of `bytes` is refused, or undefined when it is small enough. */
export function documentSizeRefusal(bytes: number): string | undefined {
  if (bytes <= MAX_DOCUMENT_BYTES) return undefined;
  return `This document is ${megabytes(bytes)}; data-model reads documents up to ${megabytes(MAX_DOCUMENT_BYTES)} (1,000 tables take under 2 MB), so it was not read. Split it into smaller documents.`;
}

/**
 * The refusal for a text already in memory. Its length in characters is a lower bound of its
 * UTF-8 size, so the exact byte count is only taken when it could matter.
 */
export function textSizeRefusal(text: string): string | undefined {
  if (text.length * 3 <= MAX_DOCUMENT_BYTES) return undefined;
  return documentSizeRefusal(Buffer.byteLength(text, 'utf8'));
}

/**
 * Which Markdown documents are data models: the language server lints them, and the client
 * shows the preview button, the status bar item and the context menu on them. One test, here,
 * so the two sides always agree (the client bundles this file; it imports nothing).
 */

/** `data-model.md`, or Markdown whose first heading is `# Data Model: …`. */
export function isDataModelDocument(uri: string, text: string): boolean {
  let path = uri;
  try {
    path = decodeURIComponent(uri);
  } catch {
    // a malformed %-escape: test the URI as it is
  }
  if (/(^|[\\/])data-model\.md$/i.test(path)) return true;
  const head = text.slice(0, 4000);
  return /^#\s+Data Model:/m.test(head);
}

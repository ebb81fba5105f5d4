/**
 * The mermaid settings every preview render uses (theme apart), in a file of their own so the
 * ERD layout benchmark (scripts/bench-erd-layouts.ts) renders with exactly these, without
 * loading the webview's renderer.
 */
export const PREVIEW_MERMAID_SETTINGS = {
  startOnLoad: false,
  // Strict: no click handlers or scripts from the diagram text, labels sanitised.
  securityLevel: 'strict' as const,
  // SVG <text> labels, not HTML in <foreignObject>: markup in a label stays characters, and
  // a canvas can draw the SVG for the PNG export (foreignObject would taint it).
  htmlLabels: false,
  // Our models are big by design; mermaid's default cap (50,000 characters) is not.
  maxTextSize: 5_000_000,
  maxEdges: 50_000,
  er: { useMaxWidth: false },
};

/**
 * Messages between the extension (panel manager) and the ERD webview (media/preview.ts),
 * and the state the webview keeps across reloads. Types only: both bundles import this file,
 * so the two sides cannot drift apart. The CLI's headless page speaks the same messages.
 */
import type { ErdResponse } from '../../../server/src/api/protocol';

export type ExportFormat = 'svg' | 'png';

/** Pan and zoom: the diagram is drawn at `scale`, its top-left corner at (x, y) in the pane. */
export interface ViewTransform {
  scale: number;
  x: number;
  y: number;
}

/** The focus view: one entity (as the diagram names it) and its neighbours `depth` steps out. */
export interface FocusState {
  entity: string;
  depth: number;
}

/** What `vscode.setState` holds; the serializer receives it after a window reload. */
export interface PreviewState {
  documentUri?: string;
  view?: ViewTransform;
  focus?: FocusState;
  search?: string;
}

/** Extension → webview. */
export type ToWebview =
  | { type: 'diagram'; documentUri: string; documentName: string; erd: ErdResponse }
  /** The entity under the editor's cursor (undefined: none). */
  | { type: 'highlight'; entity?: string }
  | { type: 'export'; format: ExportFormat; requestId: number }
  /** Set or clear the focus view (the CLI's --focus; the webview's own controls do the same). */
  | { type: 'focus'; focus?: FocusState }
  /** The server could not produce a diagram (the request failed). */
  | { type: 'failure'; message: string };

/** Webview → extension. */
export type FromWebview =
  | { type: 'ready' }
  /** Clicked an entity: reveal its `### table` heading. */
  | { type: 'reveal'; entity: string }
  | { type: 'rendered'; entities: number; milliseconds: number; focus?: FocusState }
  | { type: 'renderError'; message: string; line?: number }
  | { type: 'exported'; requestId: number; format: ExportFormat; data: string; encoding: 'utf8' | 'base64' }
  | { type: 'exportFailed'; requestId: number; message: string };

/**
 * Where the webview bundle and its stylesheet are: beside the bundled CLI (`dist/cli.js` →
 * `dist/preview.js`, `media/preview.css`, as in the .vsix) or, when running from sources,
 * in the repository root's `dist/` and `media/`.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export interface PreviewAssets {
  script: string;
  style: string;
}

export function findPreviewAssets(start: string = __dirname): PreviewAssets | undefined {
  let folder = path.resolve(start);
  for (let i = 0; i < 6; i++) {
    const candidates: PreviewAssets[] = [
      { script: path.join(folder, 'preview.js'), style: path.join(folder, '..', 'media', 'preview.css') },
      { script: path.join(folder, 'dist', 'preview.js'), style: path.join(folder, 'media', 'preview.css') },
    ];
    const found = candidates.find((assets) => existsSync(assets.script) && existsSync(assets.style));
    if (found) return found;
    const parent = path.dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return undefined;
}

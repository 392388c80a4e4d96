import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The panel's static files (src/manage/assets), found by walking up to the project root: tsc
 * does not copy them, so the build in dist/src/ serves the very same files.
 */
export function panelAssetsDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i += 1) {
    const candidate = path.join(dir, 'src', 'manage', 'assets');
    if (fs.existsSync(path.join(candidate, 'panel.js'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('src/manage/assets not found above the application');
}

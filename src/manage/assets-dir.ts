import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The panel's browser modules, a folder of src/manage/assets served under a versioned path. */
export const PANEL_MODULES = 'panel';
/** The module the shell loads, relative to the assets folder; it imports the others. */
export const PANEL_ENTRY = `${PANEL_MODULES}/main.js`;

/**
 * The panel's static files (src/manage/assets), found by walking up to the project root: tsc
 * does not copy them, so the build in dist/src/ serves the very same files.
 */
export function panelAssetsDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i += 1) {
    const candidate = path.join(dir, 'src', 'manage', 'assets');
    if (fs.existsSync(path.join(candidate, PANEL_ENTRY))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('src/manage/assets not found above the application');
}

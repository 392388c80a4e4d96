import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The templates/ folder, found from this file whether it runs from src/ or dist/src/. */
function templatesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i += 1) {
    const candidate = path.join(dir, 'templates', 'auto-replies');
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('templates/auto-replies not found next to the application');
}

const cache = new Map<string, string | null>();

/** The shipped default text of a kind in a locale, falling back to English. */
export function defaultText(kind: string, locale: string): string {
  return readText(kind, locale) ?? readText(kind, 'en') ?? '';
}

function readText(kind: string, locale: string): string | null {
  const key = `${locale}/${kind}`;
  if (!cache.has(key)) {
    const file = path.join(templatesDir(), locale, `${kind}.liquid`);
    cache.set(key, fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : null);
  }
  return cache.get(key)!;
}

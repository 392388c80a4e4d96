import fs from 'node:fs';
import path from 'node:path';
import madge from 'madge';
import { describe, expect, it } from 'vitest';

// The house rules of ../shared/STYLE.md, checked on the import graph of src/ and channels/.
const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

const files = [...sourceFiles('src'), ...sourceFiles('channels')];

describe('dependency rules', () => {
  it('has no import cycles', async () => {
    const graph = await madge(['src', 'channels'], {
      baseDir: ROOT,
      fileExtensions: ['ts'],
      tsConfig: path.join(ROOT, 'tsconfig.json'),
      detectiveOptions: { ts: { skipTypeImports: true } },
    });
    expect(Object.keys(graph.obj()).length).toBeGreaterThan(100); // the graph was really read
    expect(graph.circular()).toEqual([]);
  });

  it('keeps channels/ free of src/', () => {
    const offenders = files.filter((f) => f.startsWith('channels')).filter((f) => importsOf(f).some((i) => i.includes('/src/')));
    expect(offenders).toEqual([]);
  });

  it('keeps services free of express, BullMQ, twilio and knex', () => {
    const banned = new Set(['express', 'bullmq', 'twilio', 'knex']);
    const offenders = files.filter((f) => f.endsWith('.service.ts')).filter((f) => importsOf(f).some((i) => banned.has(i)));
    expect(offenders).toEqual([]);
  });

  it('lets only stores and the db wiring touch knex', () => {
    const offenders = files
      .filter((f) => !f.endsWith('.store.ts') && !f.startsWith(path.join('src', 'db')))
      .filter((f) => importsOf(f).includes('knex'));
    expect(offenders).toEqual([]);
  });

  it('imports routes only from app.ts, and twilio only inside channels/twilio', () => {
    const routeImporters = files.filter((f) => f !== path.join('src', 'app.ts')).filter((f) => importsOf(f).some((i) => i.endsWith('.routes.js')));
    const twilioImporters = files.filter((f) => !f.startsWith(path.join('channels', 'twilio'))).filter((f) => importsOf(f).some((i) => i === 'twilio' || i.startsWith('twilio/')));
    expect(routeImporters).toEqual([]);
    expect(twilioImporters).toEqual([]);
  });
});

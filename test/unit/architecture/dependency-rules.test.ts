import fs from 'node:fs';
import path from 'node:path';
import madge from 'madge';
import { describe, expect, it } from 'vitest';

// The house rules of ../shared/STYLE.md, checked on the import graph of src/ and channels/.
const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

const files = [...sourceFiles('src'), ...sourceFiles('channels')];
const inSrc = (...parts: string[]) => path.join('src', ...parts);

/** The src/ file an import names, or null for a package or a file outside src/. */
function srcTarget(file: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const target = path.normalize(path.join(path.dirname(file), spec)).replace(/\.js$/, '.ts');
  return target.startsWith('src' + path.sep) ? target : null;
}

/** The feature folder of a src/ file (`tickets`), or null for the root files (app.ts, main.ts …). */
function folderOf(file: string): string | null {
  const parts = file.split(path.sep);
  return parts.length > 2 ? parts[1]! : null;
}

/** Folder → folders it imports (type imports included: a reader follows them too). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of files.filter((f) => f.startsWith('src'))) {
    const from = folderOf(file);
    if (!from) continue;
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const spec of importsOf(file)) {
      const target = srcTarget(file, spec);
      const to = target ? folderOf(target) : null;
      if (to && to !== from) edges.add(to);
    }
  }
  return graph;
}

/** Strongly connected components of more than one folder (Tarjan): each is a cycle. */
function folderCycles(graph: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

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
    const offenders = files
      .filter((f) => f.startsWith('channels'))
      .filter((f) => importsOf(f).some((i) => i.includes('/src/')));
    expect(offenders).toEqual([]);
  });

  it('keeps services free of express, BullMQ, twilio and knex', () => {
    const banned = new Set(['express', 'bullmq', 'twilio', 'knex']);
    const offenders = files
      .filter((f) => f.endsWith('.service.ts'))
      .filter((f) => importsOf(f).some((i) => banned.has(i)));
    expect(offenders).toEqual([]);
  });

  it('lets only stores and the db wiring touch knex', () => {
    const offenders = files
      .filter((f) => !f.endsWith('.store.ts') && !f.startsWith(path.join('src', 'db')))
      .filter((f) => importsOf(f).includes('knex'));
    expect(offenders).toEqual([]);
  });

  it('imports routes only from app.ts, and twilio only inside channels/twilio', () => {
    const routeImporters = files
      .filter((f) => f !== path.join('src', 'app.ts'))
      .filter((f) => importsOf(f).some((i) => i.endsWith('.routes.js')));
    const twilioImporters = files
      .filter((f) => !f.startsWith(path.join('channels', 'twilio')))
      .filter((f) => importsOf(f).some((i) => i === 'twilio' || i.startsWith('twilio/')));
    expect(routeImporters).toEqual([]);
    expect(twilioImporters).toEqual([]);
  });

  it('has no cycles between feature folders (teams and voice, tickets and voice, auth, sessions and users …)', () => {
    const graph = folderGraph();
    expect(graph.size).toBeGreaterThan(20); // the folders were really read
    expect(folderCycles(graph)).toEqual([]);
    // The detector finds a cycle when there is one.
    expect(
      folderCycles(
        new Map([
          ['a', new Set(['b'])],
          ['b', new Set(['c'])],
          ['c', new Set(['a'])],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
  });

  it('keeps src/db free of features: it binds whatever stores a composition root names', () => {
    const offenders = files
      .filter((f) => f.startsWith(inSrc('db')))
      .filter((f) =>
        importsOf(f).some((spec) => {
          const target = srcTarget(f, spec);
          return target !== null && !target.startsWith(inSrc('db'));
        }),
      );
    expect(offenders).toEqual([]);
  });

  it('lets only the composition roots see every store', () => {
    const roots = new Set(['app.ts', 'main.ts', 'worker.ts', 'runtime.ts', 'shared-services.ts'].map((f) => inSrc(f)));
    const offenders = files
      .filter((f) => !roots.has(f))
      .filter((f) =>
        importsOf(f).some(
          (spec) => srcTarget(f, spec) === inSrc('store-set.ts') || srcTarget(f, spec) === inSrc('shared-services.ts'),
        ),
      );
    expect(offenders).toEqual([]);
  });

  it('keeps the job errors in one place that services import without the queue', () => {
    const definers = files.filter((f) =>
      /class (Retryable|Permanent)JobError\b/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')),
    );
    expect(definers).toEqual([inSrc('job-errors.ts')]);
    // A service that enqueues may name the JobQueue interface (a type); nothing else of the queue.
    const queueImporters = files
      .filter((f) => f.endsWith('.service.ts'))
      .filter((f) =>
        [...fs.readFileSync(path.join(ROOT, f), 'utf8').matchAll(/^import (type )?[^'"]*from '([^']+)'/gm)].some(
          ([, typeOnly, spec]) =>
            srcTarget(f, spec!)?.startsWith(inSrc('queue') + path.sep) &&
            !(typeOnly && spec!.endsWith('/job-queue.js')),
        ),
      );
    expect(queueImporters).toEqual([]);
    // PermanentJobError is thrown somewhere, not only defined and caught.
    const throwers = files
      .filter((f) => !f.startsWith(inSrc('queue')))
      .filter((f) => fs.readFileSync(path.join(ROOT, f), 'utf8').includes('new PermanentJobError('));
    expect(throwers.length).toBeGreaterThan(0);
  });

  it('lets services parse nothing: zod and request parsing stay in routes and schemas', () => {
    const offenders = files
      .filter((f) => f.endsWith('.service.ts'))
      .filter((f) =>
        importsOf(f).some((spec) => spec === 'zod' || srcTarget(f, spec) === inSrc('http', 'parse-input.ts')),
      );
    expect(offenders).toEqual([]);
  });

  it('keeps webhooks/ and jobs/ apart: jobs read stored events, intake never imports a processor', () => {
    const across = (from: string, to: string) =>
      files
        .filter((f) => f.startsWith(inSrc(from) + path.sep))
        .filter((f) => importsOf(f).some((spec) => srcTarget(f, spec)?.startsWith(inSrc(to) + path.sep)));
    expect(across('webhooks', 'jobs')).toEqual([]);
    expect(across('jobs', 'webhooks')).toEqual([]);
  });

  it('parses job payloads where they are read, never casting them', () => {
    const processors = files.filter((f) => f.endsWith('.processor.ts'));
    expect(processors.length).toBeGreaterThanOrEqual(3);
    const casting = processors.filter((f) =>
      /\b(String|Number)\(data\.|data\.\w+ as |data as /.test(fs.readFileSync(path.join(ROOT, f), 'utf8')),
    );
    expect(casting).toEqual([]);
    const unparsed = processors.filter(
      (f) =>
        !importsOf(f).some((spec) => spec === 'zod' || spec.endsWith('/event-job.js') || spec.endsWith('/id-job.js')),
    );
    expect(unparsed).toEqual([]);
  });
});

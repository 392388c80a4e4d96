import fs from 'node:fs';
import path from 'node:path';
import madge from 'madge';
import { describe, expect, it } from 'vitest';

// The panel's browser modules are served as they are (no build step): these checks stand in for
// what a bundler would refuse, and for the rule that data is rendered as text only.
const PANEL = path.resolve('src/manage/assets/panel');
const modules = fs
  .readdirSync(PANEL, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.js'))
  .sort();
const source = (file: string) => fs.readFileSync(path.join(PANEL, file), 'utf8');

describe('panel modules', () => {
  it('has the entry, the shared modules, a module per tab and the catalogues', () => {
    for (const file of [
      'main.js',
      'dom.js',
      'api.js',
      'fields.js',
      'i18n.js',
      'state.js',
      'tabs/index.js',
      'messages/en.js',
      'messages/pl.js',
      'messages/ru.js',
    ]) {
      expect(modules).toContain(file);
    }
  });

  it.each(modules)('%s is type-checked and never writes markup', (file) => {
    const text = source(file);
    expect(text.startsWith('// @ts-check\n')).toBe(true);
    expect(text).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
  });

  it.each(modules)('%s imports only relative modules that exist', (file) => {
    for (const [, spec] of source(file).matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)) {
      expect(spec, file).toMatch(/^\.\.?\//);
      expect(fs.existsSync(path.resolve(PANEL, path.dirname(file), spec!)), `${file} → ${spec}`).toBe(true);
    }
  });

  it('has no import cycles', async () => {
    const graph = await madge(PANEL, { fileExtensions: ['js'] });
    expect(Object.keys(graph.obj()).length).toBe(modules.length); // the graph was really read
    expect(graph.circular()).toEqual([]);
  });

  it('sends the CSRF token with every API call', () => {
    expect(source('api.js')).toContain("'X-CSRF-Token': csrfToken");
  });
});

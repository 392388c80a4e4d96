import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// The Rules tab's decisions, as pure functions of the browser module (loaded by URL, typed here).
interface Condition {
  field: string;
  op: string;
  value?: unknown;
}

const PANEL = path.resolve('src/manage/assets/panel');
const { moved, withValueFor } = (await import(pathToFileURL(path.join(PANEL, 'tabs/rules.js')).href)) as {
  moved: <T>(list: T[], from: number, to: number) => T[];
  withValueFor: (c: Condition, single: unknown) => Condition;
};

describe('Rules tab: moving a rule', () => {
  it.each([
    { from: 1, to: 0, expected: ['b', 'a', 'c'] },
    { from: 0, to: 2, expected: ['b', 'c', 'a'] },
    { from: 2, to: 0, expected: ['c', 'a', 'b'] },
    { from: 1, to: 1, expected: ['a', 'b', 'c'] },
    { from: 0, to: 9, expected: ['b', 'c', 'a'] },
  ])('$from → $to', ({ from, to, expected }) => {
    const list = ['a', 'b', 'c'];
    expect(moved(list, from, to)).toEqual(expected);
    expect(list).toEqual(['a', 'b', 'c']);
  });
});

describe('Rules tab: the value an operator takes', () => {
  it.each<{ name: string; c: Condition; single: unknown; expected: Condition }>([
    {
      name: 'is_set drops the value',
      c: { field: 'group', op: 'is_set', value: 'g1' },
      single: 'g0',
      expected: { field: 'group', op: 'is_set' },
    },
    {
      name: 'in keeps the one value as a list',
      c: { field: 'status', op: 'in', value: 'pending' },
      single: 'open',
      expected: { field: 'status', op: 'in', value: ['pending'] },
    },
    {
      name: 'in with no value starts with the default',
      c: { field: 'status', op: 'in' },
      single: 'open',
      expected: { field: 'status', op: 'in', value: ['open'] },
    },
    {
      name: 'in on an empty text starts empty',
      c: { field: 'tags', op: 'in', value: '' },
      single: '',
      expected: { field: 'tags', op: 'in', value: [] },
    },
    {
      name: 'is takes the first of a list',
      c: { field: 'status', op: 'is', value: ['closed', 'open'] },
      single: 'open',
      expected: { field: 'status', op: 'is', value: 'closed' },
    },
    {
      name: 'a flag gets true, not a leftover text',
      c: { field: 'open_hours', op: 'is', value: 'x' },
      single: true,
      expected: { field: 'open_hours', op: 'is', value: true },
    },
    {
      name: 'an unknown field gets no value',
      c: { field: 'nope', op: 'is', value: 'x' },
      single: undefined,
      expected: { field: 'nope', op: 'is' },
    },
  ])('$name', ({ c, single, expected }) => {
    expect(withValueFor(c, single)).toEqual(expected);
  });
});

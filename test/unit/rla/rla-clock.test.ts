import { describe, expect, it } from 'vitest';
import {
  dueRlaMarks,
  rlaStatus,
  type RlaClockFields,
  type RlaMark,
  type RlaStatus,
} from '../../../src/rla/rla-clock.js';

const t = (hhmm: string): Date => new Date(`2026-06-15T${hhmm}:00Z`);

// First answer due at 12:00, resolution at 18:00; warnings 30 minutes before.
const ticket: RlaClockFields = {
  status: 'open',
  firstResponseDueAt: t('12:00'),
  firstRespondedAt: null,
  resolutionDueAt: t('18:00'),
  resolvedAt: null,
  firstResponseWarnedAt: null,
  firstResponseBreachedAt: null,
  resolutionWarnedAt: null,
  resolutionBreachedAt: null,
};
const WARN = 30;

const firstWarning: RlaMark = { clock: 'first_response', mark: 'warning', dueAt: t('12:00') };
const firstBreach: RlaMark = { clock: 'first_response', mark: 'breach', dueAt: t('12:00') };
const resolutionWarning: RlaMark = { clock: 'resolution', mark: 'warning', dueAt: t('18:00') };
const resolutionBreach: RlaMark = { clock: 'resolution', mark: 'breach', dueAt: t('18:00') };

describe('dueRlaMarks', () => {
  it.each<{ name: string; fields?: Partial<RlaClockFields>; now: string; warn?: number; expected: RlaMark[] }>([
    { name: 'well before the warning: nothing', now: '10:00', expected: [] },
    { name: 'a minute before the warning: nothing', now: '11:29', expected: [] },
    { name: 'exactly at the warning: a warning', now: '11:30', expected: [firstWarning] },
    { name: 'inside the warning period: a warning', now: '11:45', expected: [firstWarning] },
    { name: 'already warned: nothing new', fields: { firstResponseWarnedAt: t('11:30') }, now: '11:45', expected: [] },
    {
      name: 'exactly at the due time: a breach',
      fields: { firstResponseWarnedAt: t('11:30') },
      now: '12:00',
      expected: [firstBreach],
    },
    { name: 'past due and never warned: the breach alone', now: '12:10', expected: [firstBreach] },
    {
      name: 'already breached: nothing new',
      fields: { firstResponseWarnedAt: t('11:30'), firstResponseBreachedAt: t('12:00') },
      now: '13:00',
      expected: [],
    },
    {
      name: 'answered before the warning: nothing',
      fields: { firstRespondedAt: t('11:00') },
      now: '11:45',
      expected: [],
    },
    {
      name: 'answered late: no breach after the answer',
      fields: { firstRespondedAt: t('12:30') },
      now: '13:00',
      expected: [],
    },
    { name: 'both clocks: first response first', now: '17:40', expected: [firstBreach, resolutionWarning] },
    {
      name: 'first breach recorded: the resolution warning',
      fields: { firstResponseBreachedAt: t('12:00') },
      now: '17:40',
      expected: [resolutionWarning],
    },
    { name: 'both past due: both breaches', now: '18:00', expected: [firstBreach, resolutionBreach] },
    {
      name: 'answered, resolution past due: its breach',
      fields: { firstRespondedAt: t('11:00'), resolutionWarnedAt: t('17:30') },
      now: '18:30',
      expected: [resolutionBreach],
    },
    {
      name: 'resolved: no resolution marks',
      fields: { firstRespondedAt: t('11:00'), resolvedAt: t('15:00') },
      now: '19:00',
      expected: [],
    },
    { name: 'closed: no marks on either clock', fields: { status: 'closed' }, now: '19:00', expected: [] },
    {
      name: 'pending (waiting on the customer): clocks still run',
      fields: { status: 'pending' },
      now: '12:00',
      expected: [firstBreach],
    },
    { name: 'no warnings configured: nothing just before the due time', now: '11:59', warn: 0, expected: [] },
    { name: 'no warnings configured: still the breach', now: '12:00', warn: 0, expected: [firstBreach] },
    {
      name: 'no due times: nothing',
      fields: { firstResponseDueAt: null, resolutionDueAt: null },
      now: '23:00',
      expected: [],
    },
    {
      name: 'a long warning period covering both clocks',
      now: '11:00',
      warn: 420,
      expected: [firstWarning, resolutionWarning],
    },
  ])('$name', ({ fields, now, warn = WARN, expected }) => {
    expect(dueRlaMarks({ ...ticket, ...fields }, t(now), warn)).toEqual(expected);
  });
});

describe('rlaStatus', () => {
  it.each<{ name: string; fields?: Partial<RlaClockFields>; now: string; warn?: number; expected: RlaStatus }>([
    {
      name: 'no due times',
      fields: { firstResponseDueAt: null, resolutionDueAt: null },
      now: '10:00',
      expected: { firstResponse: 'none', resolution: 'none' },
    },
    { name: 'both running, far from due', now: '10:00', expected: { firstResponse: 'pending', resolution: 'pending' } },
    {
      name: 'first response in its warning period',
      now: '11:30',
      expected: { firstResponse: 'warning', resolution: 'pending' },
    },
    {
      name: 'no warnings configured',
      now: '11:59',
      warn: 0,
      expected: { firstResponse: 'pending', resolution: 'pending' },
    },
    {
      name: 'first response past due, breach not yet recorded',
      now: '12:00',
      expected: { firstResponse: 'breached', resolution: 'pending' },
    },
    {
      name: 'answered in time',
      fields: { firstRespondedAt: t('11:59') },
      now: '17:45',
      expected: { firstResponse: 'met', resolution: 'warning' },
    },
    {
      name: 'answered exactly at the due time',
      fields: { firstRespondedAt: t('12:00') },
      now: '13:00',
      expected: { firstResponse: 'breached', resolution: 'pending' },
    },
    {
      name: 'answered late, no breach recorded',
      fields: { firstRespondedAt: t('12:30') },
      now: '13:00',
      expected: { firstResponse: 'breached', resolution: 'pending' },
    },
    {
      name: 'a recorded breach stays after the answer',
      fields: { firstRespondedAt: t('11:00'), firstResponseBreachedAt: t('10:00') },
      now: '13:00',
      expected: { firstResponse: 'breached', resolution: 'pending' },
    },
    {
      name: 'resolved in time',
      fields: { firstRespondedAt: t('11:00'), resolvedAt: t('17:00'), status: 'closed' },
      now: '20:00',
      expected: { firstResponse: 'met', resolution: 'met' },
    },
    {
      name: 'resolved late',
      fields: { firstRespondedAt: t('11:00'), resolvedAt: t('18:30') },
      now: '20:00',
      expected: { firstResponse: 'met', resolution: 'breached' },
    },
    {
      name: 'resolution past due',
      fields: { firstRespondedAt: t('11:00') },
      now: '18:00',
      expected: { firstResponse: 'met', resolution: 'breached' },
    },
    {
      name: 'closed unanswered: no answer owed, closing resolves',
      fields: { status: 'closed' },
      now: '20:00',
      expected: { firstResponse: 'none', resolution: 'met' },
    },
    {
      name: 'closed unanswered after a recorded breach',
      fields: { status: 'closed', firstResponseBreachedAt: t('12:00') },
      now: '20:00',
      expected: { firstResponse: 'breached', resolution: 'met' },
    },
  ])('$name', ({ fields, now, warn = WARN, expected }) => {
    expect(rlaStatus({ ...ticket, ...fields }, t(now), warn)).toEqual(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { toDeliveryStatus } from '../../../../channels/twilio/status-map.js';

describe('toDeliveryStatus', () => {
  it.each([
    ['queued', 'queued'],
    ['accepted', 'queued'],
    ['scheduled', 'queued'],
    ['sending', 'sending'],
    ['sent', 'sent'],
    ['delivered', 'delivered'],
    ['undelivered', 'undelivered'],
    ['failed', 'failed'],
    ['read', 'read'],
    ['receiving', null],
    ['received', null],
    ['canceled', null],
    ['partially_delivered', null],
    ['', null],
    ['constructor', null],
    ['DELIVERED', null],
  ])('%j → %j', (twilioStatus, expected) => {
    expect(toDeliveryStatus(twilioStatus)).toBe(expected);
  });
});

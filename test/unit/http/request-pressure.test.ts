import { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { RequestPressure } from '../../../src/http/request-pressure.js';

/** A request with these headers, and a response that can be closed. */
function exchange(accept: string | undefined) {
  const req = { get: (name: string) => (name.toLowerCase() === 'accept' ? accept : undefined) } as unknown as Request;
  const res = new EventEmitter() as unknown as Response;
  return { req, res, close: () => (res as unknown as EventEmitter).emit('close') };
}

describe('RequestPressure', () => {
  it('counts requests in flight, and their peak since the last look', () => {
    const pressure = new RequestPressure();
    const a = exchange('application/json');
    const b = exchange(undefined);
    pressure.middleware(a.req, a.res, () => undefined);
    pressure.middleware(b.req, b.res, () => undefined);
    a.close();
    expect(pressure.takePeak()).toBe(2);
    expect(pressure.takePeak()).toBe(1);
  });

  it('leaves web chat streams out: open for as long as a widget is, they are no waiting work', () => {
    const pressure = new RequestPressure();
    let passed = 0;
    for (let i = 0; i < 50; i += 1) {
      const stream = exchange('text/event-stream');
      pressure.middleware(stream.req, stream.res, () => (passed += 1));
    }
    expect(passed).toBe(50);
    expect(pressure.takePeak()).toBe(0);
  });
});

// Shared checks that a destination turns an API's failure answers into the right DeliveryError:
// 429 and 5xx retryable, other 4xx not, a refused connection retryable.

import assert from 'node:assert/strict';
import { DeliveryError } from '../../../src/router/destinations/destination.js';
import { freeTcpPort } from '../servers/freePort.js';
import { rejection, type Answer, type ApiReceiver } from './apiReceiver.js';

export async function assertFailureMapping(
  receiver: ApiReceiver,
  send: () => Promise<unknown>,
  answers: { retryable: Answer[]; permanent: Answer[] },
): Promise<void> {
  for (const [answer, retryable] of [
    ...answers.retryable.map((a) => [a, true] as const),
    ...answers.permanent.map((a) => [a, false] as const),
  ]) {
    receiver.script(answer);
    const err = await rejection(send);
    assert.ok(err instanceof DeliveryError, `HTTP ${answer.status}: ${err.message}`);
    assert.equal(err.retryable, retryable, `HTTP ${answer.status} retryable`);
    assert.equal(err.status, answer.status);
  }
}

/** A URL on 127.0.0.1 where nothing listens. */
export async function closedUrl(path: string): Promise<string> {
  return `http://127.0.0.1:${await freeTcpPort()}${path}`;
}

export async function assertRefusedIsRetryable(send: () => Promise<unknown>): Promise<void> {
  const err = await rejection(send);
  assert.ok(err instanceof DeliveryError, err.message);
  assert.equal(err.retryable, true);
  assert.equal(err.status, undefined);
}

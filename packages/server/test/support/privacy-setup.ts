import { afterAll, expect } from 'vitest';
import { knownPhones, restLeaks, restRecords, socketLeaks, socketRecords } from './privacy';

/** Runs after every server test file: no socket payload and no REST reply carried a phone number it shouldn't. */
afterAll(() => {
  const phones = knownPhones();
  expect([...socketLeaks(socketRecords, phones), ...restLeaks(restRecords, phones)]).toEqual([]);
});

import { z } from 'zod';
import { httpUrl, lineString, textString } from './strings.js';

/**
 * The schema of each resource field type (src/resources/<name>/schema.ts), each with a
 * real maximum, which /openapi.json publishes as it is. Strings refuse lone surrogates,
 * control and bidirectional formatting characters (core/strings.ts).
 */
export const field = {
  string: () => lineString().min(1).max(255),
  text: () => textString().max(10_000),
  int: () => z.int32(),
  number: () => z.number().min(-1e15).max(1e15),
  boolean: () => z.boolean(),
  email: () => z.email().max(254),
  url: () => httpUrl(2_048),
  uuid: () => z.uuid(),
  // Zod's ISO pattern allows any number of fractional digits: the length is capped here.
  datetime: () => z.iso.datetime({ offset: true }).max(40),
};

import { describe } from 'vitest';
import { describeMatrixRows } from '../helpers/matrix.js';

describe('hono rows of the covering matrix', () => {
  describeMatrixRows('hono');
});

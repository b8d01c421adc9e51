import { describe } from 'vitest';
import { describeMatrixRows } from '../helpers/matrix.js';

describe('fastify rows of the covering matrix', () => {
  describeMatrixRows('fastify');
});

import { describe } from 'vitest';
import { describeMatrixRows } from '../helpers/matrix.js';

describe('express rows of the covering matrix', () => {
  describeMatrixRows('express');
});

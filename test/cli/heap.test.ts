import { describe, expect, it } from 'vitest';
import { boundHeapGrowth } from '../../src/cli/heap.js';

describe('the heap growth bound set at start-up', () => {
  it('is set unless node was given its own --heap-growing-percent', () => {
    expect(boundHeapGrowth(['--enable-source-maps'])).toBe(true);
    expect(boundHeapGrowth(['--heap-growing-percent=0'])).toBe(false);
    expect(boundHeapGrowth(['--heap_growing_percent=80'])).toBe(false);
  });
});

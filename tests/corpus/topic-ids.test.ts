import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTopicsFile } from '../../src/corpus/topics.js';
import { DEFAULT_DATA_DIR } from '../../src/corpus/load.js';
import { topicIdsMissing } from '../../src/corpus/topic-ids.js';

describe('the topics the code names exist in the data', () => {
  it('in the shipped data and in the fixture occupation', () => {
    expect(topicIdsMissing(loadTopicsFile(DEFAULT_DATA_DIR).topics)).toEqual([]);
    expect(topicIdsMissing(loadTopicsFile(join(import.meta.dirname, '../fixtures/occupation')).topics)).toEqual([]);
  });
  it('names what a topics file lacks', () => {
    expect(topicIdsMissing([{ id: 'salary' }])).toContain('levels');
  });
});

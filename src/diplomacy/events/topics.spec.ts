import { describe, expect, it } from '@jest/globals';
import { normaliseTopic, topicProblem } from './topics';

describe('normaliseTopic', () => {
  it.each([
    ['National currencies', 'national-currencies'],
    ['  Syria  ', 'syria'],
    ['oil_exports', 'oil-exports'],
    ['Gulf Arab--Israeli   bloc', 'gulf-arab-israeli-bloc'],
    ['G20', 'g20'],
  ])('turns "%s" into %s', (raw, topic) => {
    expect(normaliseTopic(raw)).toBe(topic);
    expect(topicProblem(raw, topic)).toBeUndefined();
  });

  it.each([
    ['-syria', 'topic "-syria" is not a tag: use letters a-z, digits and single dashes, such as national-currencies'],
    [
      'Iran’s oil',
      'topic "Iran’s oil" (normalised "iran’s-oil") is not a tag: use letters a-z, digits and single dashes, such as national-currencies',
    ],
    [
      'Сирия',
      'topic "Сирия" (normalised "сирия") is not a tag: use letters a-z, digits and single dashes, such as national-currencies',
    ],
    ['   ', 'topic must not be empty'],
  ])('refuses "%s"', (raw, problem) => {
    expect(topicProblem(raw, normaliseTopic(raw))).toBe(problem);
  });
});

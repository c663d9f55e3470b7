import { describe, expect, it } from 'vitest';
import { probabilities, train } from './logreg.ts';

const examples = [
  ...Array.from({ length: 20 }, () => ({ features: ['w:send', 'pr:i'], label: 'task' })),
  ...Array.from({ length: 20 }, () => ({ features: ['w:weather', 'pr:i'], label: 'none' })),
];

describe('logistic regression', () => {
  it('learns which features point to which class', () => {
    const model = train(['task', 'none'], examples);
    expect(probabilities(model, ['w:send'])[0]).toBeGreaterThan(0.9);
    expect(probabilities(model, ['w:weather'])[1]).toBeGreaterThan(0.9);
  });

  it('is deterministic, so npm run train reproduces the committed weights', () => {
    expect(train(['task', 'none'], examples)).toEqual(train(['task', 'none'], examples));
  });

  it('leaves out features seen fewer than minCount times', () => {
    const model = train(['task', 'none'], [...examples, { features: ['w:rare'], label: 'task' }], { minCount: 2 });
    expect(model.weights['w:rare']).toBeUndefined();
    expect(model.weights['w:send']).toBeDefined();
  });
});

import { describe, expect, it } from 'vitest';
import { AbortError, checkpoint, ConfigError, HfSeparateError, InputError, throttledProgress, throwIfAborted } from '../../src/index.js';

describe('errors and progress', () => {
  it('carries code, field and fix, and serialises them', () => {
    const e = new InputError('Column "x" is missing.', { code: 'MISSING_COLUMN', field: 'x', fix: 'Use "y".' });
    expect(e).toBeInstanceOf(HfSeparateError);
    expect(e.name).toBe('InputError');
    expect(e.message).toBe('Column "x" is missing. Fix: Use "y".');
    expect(e.toJSON()).toMatchObject({ code: 'MISSING_COLUMN', field: 'x', fix: 'Use "y".' });
    expect(new ConfigError('bad', { code: 'X' })).toBeInstanceOf(HfSeparateError);
  });

  it('aborts with AbortError once the signal fires', async () => {
    const controller = new AbortController();
    throwIfAborted(controller.signal);
    controller.abort();
    expect(() => throwIfAborted(controller.signal, 'cluster')).toThrow(AbortError);
    await expect(checkpoint(controller.signal, 'reduce')).rejects.toMatchObject({ code: 'ABORTED', field: 'reduce' });
  });

  it('throttles progress but always reports the last step', () => {
    const events: number[] = [];
    const report = throttledProgress((e) => events.push(e.done), 'embed', 1000, undefined, 250);
    for (let i = 0; i <= 1000; i++) report(i);
    expect(events).toEqual([0, 250, 500, 750, 1000]);
  });
});

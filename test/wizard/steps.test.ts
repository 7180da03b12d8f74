import { describe, expect, it } from 'vitest';
import {
  formatStepHeader,
  getSetupStep,
  ROLE_PERMISSIONS,
  SETUP_STEP_TITLES,
  SETUP_STEPS,
} from '../../src/wizard/steps.js';
import { wrapText } from '../../src/wizard/text.js';
import { formatCountdown } from '../../src/wizard/wait-live.js';

describe('the nine setup steps', () => {
  it('are numbered 1 to 9, each with why, where and a title', () => {
    const numbers = SETUP_STEPS.map((s) => s.number);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const step of SETUP_STEPS) {
      expect(step.title).not.toBe('');
      expect(step.why).not.toBe('');
      expect(step.consolePath).not.toBe('');
    }
  });

  it('list their titles for setup --help', () => {
    expect(SETUP_STEP_TITLES).toHaveLength(9);
    expect(SETUP_STEP_TITLES[2]).toBe('Create a profile group');
  });

  it('say which values each step produces', () => {
    expect(getSetupStep(1).produces).toEqual([
      'appId',
      'appKey',
      'applicationCreatedAt',
    ]);
    expect(getSetupStep(2).produces).toEqual(['email']);
    expect(getSetupStep(6).produces).toEqual(['accessKey', 'secretKey']);
    expect(getSetupStep(9).produces).toEqual(['baseUrl']);
    expect(() => getSetupStep(10)).toThrow('no setup step 10');
  });

  it('head each step as "Step n of 9: title"', () => {
    expect(formatStepHeader(getSetupStep(3))).toBe(
      'Step 3 of 9: Create a profile group',
    );
  });

  it('name the six permissions and the never-expiring TTL', () => {
    expect(ROLE_PERMISSIONS).toHaveLength(6);
    expect(getSetupStep(4).settings).toContain(
      'Authentication TTL: Never Expire',
    );
  });
});

describe('wrapText', () => {
  it('wraps at the width and hangs later lines under the first', () => {
    const lines = wrapText('one two three four five six', 28, 'Note:   ');
    expect(lines).toEqual(['Note:   one two three four', '        five six']);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(28);
  });
});

describe('formatCountdown', () => {
  it('shows minutes and seconds, never below zero', () => {
    expect(formatCountdown(30 * 60_000)).toBe('30:00');
    expect(formatCountdown(61_500)).toBe('1:02');
    expect(formatCountdown(-5)).toBe('0:00');
  });
});

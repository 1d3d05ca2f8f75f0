import { describe, expect, it } from 'vitest';
import { hourChart, hourChartText } from './hour-chart.js';
import type { HourBucket } from '../domain/shift-summary.js';

const hour = (label: string, answered: number, missed: number, abandoned: number, other = 0): HourBucket =>
  ({ start: 0, label, incoming: answered + missed + abandoned + other, outgoing: 0, answered, missed, abandoned });

describe('hourChart', () => {
  it('scales the busiest hour to the width and splits answered from lost', () => {
    const lines = hourChart([hour('08', 8, 1, 1), hour('09', 5, 0, 0), hour('10', 0, 0, 0), hour('11', 0, 0, 1)], 20);
    expect(lines[0]).toEqual({ label: '08', answered: 16, lost: 4, other: 0, count: '10 (2 lost)' });
    expect(lines[1]).toEqual({ label: '09', answered: 10, lost: 0, other: 0, count: '5' });
    expect(lines[2]).toEqual({ label: '10', answered: 0, lost: 0, other: 0, count: '' });
    expect(lines[3]).toMatchObject({ answered: 0, lost: 2, count: '1 (1 lost)' });
  });
  it('prints plain text bars', () => {
    expect(hourChartText([hour('08', 2, 1, 0, 1), hour('09', 0, 0, 0)], 8)).toEqual(['08 │████░░▒▒ 4 (1 lost)', '09 │']);
  });
});

import type { KeyFigure } from '../corpus/types.js';

const CURRENCY_SIGN: Record<string, string> = { USD: '$', AUD: 'A$', CAD: 'C$', GBP: '£', EUR: '€', JPY: '¥', CNY: 'CN¥' };
const SCALES: [number, string][] = [
  [1e12, 'trillion'],
  [1e9, 'billion'],
  [1e6, 'million'],
];

const trim = (n: number) => Number(n.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 2 });

function scaled(n: number): string {
  for (const [size, word] of SCALES) if (Math.abs(n) >= size) return `${trim(n / size)} ${word}`;
  return trim(n);
}

/** A value in base units as a reader writes it: 8.5e9 USD → "$8.5 billion", 90 % → "90%", 17 count → "17". */
export function formatValue(value: number, unit: string): string {
  if (unit === '%') return `${trim(value)}%`;
  const money = /^([A-Z]{3})(?:\/(\w+))?$/.exec(unit);
  if (money) {
    const sign = CURRENCY_SIGN[money[1]];
    const amount = sign ? `${sign}${scaled(value)}` : `${scaled(value)} ${money[1]}`;
    return money[2] ? `${amount}/${money[2]}` : amount;
  }
  if (unit === 'count') return scaled(value);
  return `${scaled(value)} ${unit}`;
}

export function formatFigure(f: Pick<KeyFigure, 'value' | 'valueMax' | 'unit'>): string {
  return f.valueMax !== undefined && f.valueMax !== f.value
    ? `${formatValue(f.value, f.unit)}–${formatValue(f.valueMax, f.unit)}`
    : formatValue(f.value, f.unit);
}

/** "China: share of rare-earth refining ≈ 90%" */
export function figureHeadline(f: KeyFigure): string {
  return `${f.entity ? `${f.entity}: ` : ''}${f.subject} — ${formatFigure(f)}`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Cuts at a word boundary and marks the cut with "…". */
export function shorten(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  const at = cut.lastIndexOf(' ');
  return `${(at > max * 0.6 ? cut.slice(0, at) : cut).replace(/[\s,;:–—-]+$/, '')}…`;
}

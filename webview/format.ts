/**
 * How numbers, times and names read in the panel. No DOM: unit-tested in node.
 */

/** A figure with four significant digits; NaN and infinities spelled out (they are findings). */
export function formatValue(value: number | undefined): string {
  if (value === undefined) return '–';
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) return value.toExponential(2).replace(/-/g, '−');
  return Number(value.toPrecision(4)).toString().replace(/-/g, '−');
}

/** A share in [0, 1] as a percentage. */
export function formatPercent(value: number): string {
  if (!Number.isFinite(value)) return formatValue(value);
  const percent = value * 100;
  return `${Number.isInteger(Math.round(percent * 1e6) / 1e6) || percent >= 99.5 ? Math.round(percent) : percent.toFixed(1)}%`;
}

/** A count with thousands separators: 12,345 (not toLocaleString: axis ticks call this a lot). */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return formatValue(value);
  const digits = String(Math.abs(Math.round(value))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return value < 0 ? `−${digits}` : digits;
}

/** A step number on an axis: 12,000 → 12k when the axis is crowded enough to need it. */
export function formatStep(value: number, compact = false): string {
  if (!compact || Math.abs(value) < 10_000) return formatCount(value);
  if (Math.abs(value) < 1e6) return `${Number((value / 1e3).toFixed(1))}k`;
  return `${Number((value / 1e6).toFixed(2))}M`;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * A wall-clock time (Unix seconds) in the viewer's time zone: 14:03:27, with the date as well when
 * the range spans more than a day.
 */
export function formatTime(seconds: number, withDate = false): string {
  if (!Number.isFinite(seconds)) return formatValue(seconds);
  const date = new Date(seconds * 1000);
  const clock = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return withDate ? `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${clock}` : clock;
}

/** A class's (or neuron's) name: the header's, else its index. */
export function className(names: readonly string[], index: number): string {
  const name = names[index];
  return typeof name === 'string' && name !== '' ? name : `class ${index}`;
}

/** A legend label: the series, with its split when the chart shows more than one. */
export function seriesLabel(name: string, split: string, multipleSplits: boolean): string {
  return multipleSplits ? `${name} (${split})` : name;
}

/** A file name for an exported chart: run name and chart, with anything unsafe replaced. */
export function pngName(runName: string, chart: string): string {
  const safe = `${runName}-${chart}`.replace(/[^\w.-]+/g, '_').replace(/^[._]+/, '');
  return `${safe.slice(0, 120) || 'chart'}.png`;
}

/** "1,204 of 20,000 points", or just "20,000 points" when nothing was dropped. */
export function pointsLabel(shown: number, total: number): string {
  return shown >= total ? `${formatCount(total)} point${total === 1 ? '' : 's'}` : `${formatCount(shown)} of ${formatCount(total)} points`;
}

/** "at step 12", "at 3 steps (12, 40, 41)", "at 120 steps (12, 40, 41, …)". */
export function stepList(steps: readonly number[], shown = 3): string {
  if (steps.length === 1) return `at step ${formatCount(steps[0])}`;
  const listed = steps.slice(0, shown).map(formatCount).join(', ');
  return `at ${formatCount(steps.length)} steps (${listed}${steps.length > shown ? ', …' : ''})`;
}

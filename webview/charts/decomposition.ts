import { formatCount } from '../format';
import type { SplitSeries } from '../series';
import { latestSummary, primarySplit, scalarLines } from './common';
import type { ChartKind, ChartView, LineSpec } from './types';

/**
 * Multiclass: cross-entropy as the targets' own entropy H(p) (the floor no model can go below)
 * plus KL(p‖q) (what training can still remove), stacked, with the recomputed loss on top and the
 * loss the training code logged as points, steps where the two disagree marked.
 */

const stackCache = new WeakMap<SplitSeries, { version: number; sum: number[] }>();

/**
 * H(p) + KL per step: the top of the stack. Kept per split and extended from the first changed
 * step, since it is redrawn every frame of a live run.
 */
function stackTop(series: SplitSeries): number[] {
  let cached = stackCache.get(series);
  if (cached && cached.version === series.version) return cached.sum;
  const from = cached ? Math.min(series.changedSince(cached.version), cached.sum.length) : 0;
  if (!cached) stackCache.set(series, (cached = { version: 0, sum: [] }));
  const { target_entropy: h, kl } = series.scalars;
  for (let i = from; i < series.length; i++) cached.sum[i] = h[i] + kl[i];
  cached.sum.length = series.length;
  cached.version = series.version;
  return cached.sum;
}

/** True when the latest finite step's loss differs from H + KL: class weights make the loss a weighted mean. */
function weighted(series: SplitSeries | undefined): boolean {
  if (!series) return false;
  const { loss, target_entropy: h, kl } = series.scalars;
  for (let i = series.length - 1; i >= 0; i--) {
    if (!Number.isFinite(loss[i]) || !Number.isFinite(h[i] + kl[i])) continue;
    return Math.abs(loss[i] - (h[i] + kl[i])) > 1e-6 * Math.max(1, Math.abs(loss[i]));
  }
  return false;
}

export const decomposition: ChartKind = {
  key: 'decomposition',
  title: 'Cross-entropy = H(p) + KL(p‖q)',
  description: 'The target entropy H(p) is the floor no model can go below; the KL divergence on top of it is what training can still remove.',
  logAllowed: true,
  lines(view: ChartView): LineSpec[] {
    const { theme } = view;
    // Only the primary split is drawn as filled areas; the others' layers are outlines (dashed),
    // since translucent areas of two splits over each other turn to mud.
    const primary = primarySplit(view)?.split;
    return [
      ...scalarLines(view, (s) => ({ id: `h:${s.split}`, group: 'H(p)', label: 'H(p)', y: s.scalars.target_entropy, color: theme.green, kind: s.split === primary ? 'areaBase' : 'line', smooth: true, noRaw: true })),
      ...scalarLines(view, (s) => ({ id: `kl:${s.split}`, group: 'KL(p‖q)', label: 'KL(p‖q)', y: stackTop(s), value: s.scalars.kl, color: theme.orange, kind: s.split === primary ? 'areaTop' : 'line', smooth: true, noRaw: true })),
      ...scalarLines(view, (s) => ({ id: `loss:${s.split}`, group: 'loss', label: 'loss', y: s.scalars.loss, color: theme.blue, kind: 'line', smooth: true })),
      ...loggedLossLines(view),
    ];
  },
  notes(view) {
    const notes = lossNotes(view);
    if (weighted(primarySplit(view))) notes.push({ tone: 'info', text: 'Class weights: the loss is a weighted mean, so it sits apart from H(p) + KL(p‖q).' });
    return notes;
  },
  summary: (view) =>
    latestSummary(view, 'Cross-entropy decomposition', [
      { name: 'loss', column: (s) => s.scalars.loss },
      { name: 'H(p)', column: (s) => s.scalars.target_entropy },
      { name: 'KL', column: (s) => s.scalars.kl },
      { name: 'logged loss', column: (s) => s.scalars.logged_loss },
    ]),
};

/** The logged loss as points, and a marker at each step where it differs from the recomputed one. */
export function loggedLossLines(view: ChartView): LineSpec[] {
  const { theme } = view;
  return [
    ...scalarLines(view, (s) => ({ id: `logged:${s.split}`, group: 'logged loss', label: 'logged loss', y: s.scalars.logged_loss, color: theme.foreground, kind: 'points', smooth: false })),
    // The marker sits on the recomputed loss (a logged loss summed instead of averaged would be far
    // off the chart); its tooltip gives the logged value.
    ...scalarLines(view, (s) => ({ id: `mismatch:${s.split}`, group: 'mismatch', label: 'logged ≠ recomputed', y: s.scalars.loss, value: s.scalars.logged_loss, flags: s.mismatch, color: theme.red, kind: 'marker', smooth: false })),
  ].filter((line) => {
    const counts = view.run.splits.get(line.split)?.counts;
    return !!counts && (line.kind === 'marker' ? counts.mismatch > 0 : counts.logged > 0);
  });
}

/** "logged loss differs from recomputed at N steps". */
export function lossNotes(view: ChartView): { text: string; tone: 'warning' | 'info' }[] {
  const { count, first } = view.run.mismatchCount();
  if (count === 0) return [];
  return [{ tone: 'warning', text: `Logged loss differs from recomputed at ${formatCount(count)} step${count === 1 ? '' : 's'} (first: step ${formatCount(first ?? 0)}). A wrong reduction, or probabilities passed as logits?` }];
}

import type { XAxis, XRange } from './chartData';

/**
 * What the user has set up in the panel, saved with `vscode.setState` so that a reload (or the
 * panel being moved) brings back the same view. Restored field by field: a state saved by an
 * older version of the panel must not break a newer one. No DOM: unit-tested in node.
 */
export interface UiState {
  /** The shared x range, in the units of `xAxis`; undefined shows everything. */
  zoom?: XRange;
  xAxis: XAxis;
  ema: boolean;
  /** EMA weight in [0, 0.99]. */
  emaWeight: number;
  logY: boolean;
  /** Multiclass classes picked for the class-probability chart (undefined: the top few). */
  pickedClasses?: number[];
  /** Multilabel neurons picked for the per-neuron charts (undefined: the top few). */
  pickedNeurons?: number[];
  /** The step the inspector shows. */
  selected?: { split: string; step: number };
  /** Index of the example shown within the selected step. */
  example: number;
  /** Split drawn by the neuron × step heatmap. */
  heatmapSplit?: string;
  problemsOpen: boolean;
}

/**
 * Smoothing starts on: mini-batch figures are noisy and the trend is what is read first. The weight
 * is heavier than TensorBoard's 0.6 because every step is drawn here, not a sample of them.
 */
export const DEFAULT_STATE: UiState = { xAxis: 'step', ema: true, emaWeight: 0.8, logY: false, example: 0, problemsOpen: false };

export const MAX_EMA_WEIGHT = 0.99;

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function indices(value: unknown): number[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((v): v is number => Number.isInteger(v) && v >= 0).slice(0, 1000);
}

/** The saved state, with anything missing or malformed replaced by its default. */
export function restoreState(saved: unknown): UiState {
  const state: UiState = { ...DEFAULT_STATE };
  if (typeof saved !== 'object' || saved === null) return state;
  const s = saved as Record<string, unknown>;
  if (s.xAxis === 'step' || s.xAxis === 'time') state.xAxis = s.xAxis;
  if (typeof s.ema === 'boolean') state.ema = s.ema;
  if (isFiniteNumber(s.emaWeight)) state.emaWeight = Math.max(0, Math.min(MAX_EMA_WEIGHT, s.emaWeight));
  if (typeof s.logY === 'boolean') state.logY = s.logY;
  if (typeof s.problemsOpen === 'boolean') state.problemsOpen = s.problemsOpen;
  if (Number.isInteger(s.example) && (s.example as number) >= 0) state.example = s.example as number;
  const zoom = s.zoom as Record<string, unknown> | undefined;
  if (zoom && isFiniteNumber(zoom.min) && isFiniteNumber(zoom.max) && zoom.min < zoom.max) state.zoom = { min: zoom.min, max: zoom.max };
  const pickedClasses = indices(s.pickedClasses);
  if (pickedClasses) state.pickedClasses = pickedClasses;
  const pickedNeurons = indices(s.pickedNeurons);
  if (pickedNeurons) state.pickedNeurons = pickedNeurons;
  const selected = s.selected as Record<string, unknown> | undefined;
  if (selected && typeof selected.split === 'string' && Number.isInteger(selected.step)) state.selected = { split: selected.split, step: selected.step as number };
  if (typeof s.heatmapSplit === 'string') state.heatmapSplit = s.heatmapSplit;
  return state;
}

/**
 * The state after a run was reset (its log truncated or replaced): the view's settings stay, what
 * pointed into the old data (zoom, selection, picks) goes.
 */
export function stateAfterReset(state: UiState): UiState {
  return { ...state, zoom: undefined, selected: undefined, example: 0, pickedClasses: undefined, pickedNeurons: undefined };
}

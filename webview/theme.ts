import { parseColor, seriesPalette } from './colors';
import { MAX_SHOWN } from './ranking';

/**
 * The colours and font the charts draw with, read from the `--vscode-*` variables VS Code sets on
 * the page, so the charts look like the rest of the editor in light, dark and high-contrast
 * themes. Canvas drawing can't use CSS variables, hence reading them out and re-reading them when
 * the theme changes.
 */
export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export interface Theme {
  kind: ThemeKind;
  foreground: string;
  /** Axis labels and ticks. */
  chartForeground: string;
  /** Secondary text. */
  muted: string;
  background: string;
  /** Grid lines. */
  grid: string;
  blue: string;
  red: string;
  green: string;
  yellow: string;
  orange: string;
  purple: string;
  /** Series colours: the chart colours first, then mixes of them. */
  palette: string[];
  fontFamily: string;
  fontSize: number;
}

/** Defaults close to Dark+, for a variable a theme (or an old VS Code) does not set. */
const FALLBACK: Record<string, string> = {
  '--vscode-foreground': '#cccccc',
  '--vscode-editor-background': '#1e1e1e',
  '--vscode-charts-foreground': '#cccccc',
  '--vscode-charts-lines': 'rgba(204, 204, 204, 0.5)',
  '--vscode-descriptionForeground': 'rgba(204, 204, 204, 0.7)',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-red': '#f14c4c',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-yellow': '#cca700',
  '--vscode-charts-orange': '#d18616',
  '--vscode-charts-purple': '#b180d7',
  '--vscode-font-family': 'system-ui, -apple-system, "Segoe UI", sans-serif',
  '--vscode-font-size': '13px',
};

function themeKind(body: HTMLElement): ThemeKind {
  if (body.classList.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (body.classList.contains('vscode-high-contrast')) return 'high-contrast';
  if (body.classList.contains('vscode-light')) return 'light';
  return 'dark';
}

export function readTheme(): Theme {
  const style = getComputedStyle(document.documentElement);
  const bodyStyle = getComputedStyle(document.body);
  const read = (name: string): string => {
    const value = style.getPropertyValue(name).trim() || bodyStyle.getPropertyValue(name).trim();
    // A colour the charts can't parse (a named colour, a var()) would break the alpha mixes.
    return value && (name.includes('font') || parseColor(value)) ? value : FALLBACK[name];
  };
  const foreground = read('--vscode-foreground');
  const background = read('--vscode-editor-background');
  const chart = {
    blue: read('--vscode-charts-blue'),
    red: read('--vscode-charts-red'),
    green: read('--vscode-charts-green'),
    yellow: read('--vscode-charts-yellow'),
    orange: read('--vscode-charts-orange'),
    purple: read('--vscode-charts-purple'),
  };
  // Red is kept out of the series colours: it marks non-finite steps and mismatches.
  const base = [chart.blue, chart.orange, chart.green, chart.purple, chart.yellow];
  return {
    kind: themeKind(document.body),
    foreground,
    chartForeground: read('--vscode-charts-foreground'),
    muted: read('--vscode-descriptionForeground'),
    background,
    grid: read('--vscode-charts-lines'),
    ...chart,
    palette: seriesPalette(base, foreground, background, MAX_SHOWN),
    fontFamily: read('--vscode-font-family'),
    fontSize: parseFloat(read('--vscode-font-size')) || 13,
  };
}

/**
 * Calls `onChange` when VS Code switches theme: it swaps the body's `vscode-*` class and rewrites
 * the variables on <html>. Both trigger; one animation frame coalesces them into one redraw.
 */
export function watchTheme(onChange: (theme: Theme) => void): () => void {
  let pending = 0;
  const observer = new MutationObserver(() => {
    if (pending) return;
    pending = requestAnimationFrame(() => {
      pending = 0;
      onChange(readTheme());
    });
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => observer.disconnect();
}

/**
 * Colour arithmetic on the theme's colours: faint copies for raw lines under a smoothed one and for
 * filled areas, mixes for more series than the theme has chart colours, and the heatmap's scale.
 * VS Code gives colours as `#rgb`, `#rrggbb`, `#rrggbbaa` or `rgb(a)(…)`. No DOM: unit-tested in node.
 */

export interface Rgba {
  r: number;
  g: number;
  b: number;
  /** 0…1 */
  a: number;
}

/** Parses a CSS colour in the forms VS Code uses; undefined for anything else (a named colour…). */
export function parseColor(text: string): Rgba | undefined {
  const value = text.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,8})$/.exec(value)?.[1];
  if (hex && [3, 4, 6, 8].includes(hex.length)) {
    const full = hex.length <= 4 ? [...hex].map((d) => d + d).join('') : hex;
    const byte = (i: number): number => parseInt(full.slice(2 * i, 2 * i + 2), 16);
    return { r: byte(0), g: byte(1), b: byte(2), a: full.length === 8 ? byte(3) / 255 : 1 };
  }
  const fn = /^rgba?\(([^)]*)\)$/.exec(value)?.[1];
  if (fn) {
    const parts = fn.split(/[\s,/]+/).filter(Boolean);
    if (parts.length < 3) return undefined;
    const channel = (part: string): number => (part.endsWith('%') ? (parseFloat(part) * 255) / 100 : parseFloat(part));
    const alpha = parts[3] === undefined ? 1 : parts[3].endsWith('%') ? parseFloat(parts[3]) / 100 : parseFloat(parts[3]);
    const rgba = { r: channel(parts[0]), g: channel(parts[1]), b: channel(parts[2]), a: alpha };
    return Object.values(rgba).every(Number.isFinite) ? rgba : undefined;
  }
  return undefined;
}

export function toCss({ r, g, b, a }: Rgba): string {
  const round = (v: number): number => Math.round(Math.max(0, Math.min(255, v)));
  return `rgba(${round(r)}, ${round(g)}, ${round(b)}, ${Number(Math.max(0, Math.min(1, a)).toFixed(3))})`;
}

/** The colour with its alpha multiplied by `alpha` (a colour it can't read is returned as is). */
export function withAlpha(color: string, alpha: number): string {
  const parsed = parseColor(color);
  return parsed ? toCss({ ...parsed, a: parsed.a * alpha }) : color;
}

/** `t` of the way from `from` to `to` (t in [0, 1]), each channel linearly. */
export function mixRgba(from: Rgba, to: Rgba, t: number): Rgba {
  const lerp = (a: number, b: number): number => a + (b - a) * t;
  return { r: lerp(from.r, to.r), g: lerp(from.g, to.g), b: lerp(from.b, to.b), a: lerp(from.a, to.a) };
}

export function mix(from: string, to: string, t: number): string {
  const a = parseColor(from);
  const b = parseColor(to);
  return a && b ? toCss(mixRgba(a, b, t)) : from;
}

/**
 * As many distinct series colours as asked for: the theme's chart colours first, then the same
 * colours pulled towards the foreground and then towards the background, so every one of them
 * still follows the theme.
 */
export function seriesPalette(base: readonly string[], foreground: string, background: string, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < count && base.length > 0; i++) {
    const color = base[i % base.length];
    const round = Math.floor(i / base.length) % 3;
    out.push(round === 0 ? color : mix(color, round === 1 ? foreground : background, 0.4));
  }
  return out;
}

/** Relative luminance (sRGB), to tell a dark background from a light one. */
export function luminance({ r, g, b }: Rgba): number {
  const linear = (v: number): number => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

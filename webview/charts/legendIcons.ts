/**
 * Legend symbols for series that are not lines. Chart.js stretches a point style to the legend's
 * line width, turning a dot into a wide ellipse and a cross into a flat X; a small canvas drawn
 * here keeps them the shape they have on the plot.
 */
const WIDTH = 26;
const HEIGHT = 10;
const cache = new Map<string, HTMLCanvasElement>();

export function legendIcon(kind: 'points' | 'marker', color: string): HTMLCanvasElement {
  const key = `${kind}|${color}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const ratio = window.devicePixelRatio || 1;
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH * ratio;
  canvas.height = HEIGHT * ratio;
  // Chart.js draws an image point style at the image's own size: give it CSS-pixel dimensions.
  canvas.style.width = `${WIDTH}px`;
  canvas.style.height = `${HEIGHT}px`;
  const ctx = canvas.getContext('2d');
  if (ctx) {
    ctx.scale(ratio, ratio);
    ctx.fillStyle = color;
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    if (kind === 'points') {
      for (const x of [5, 13, 21]) {
        ctx.beginPath();
        ctx.arc(x, HEIGHT / 2, 2.3, 0, 2 * Math.PI);
        ctx.fill();
      }
    } else {
      const c = WIDTH / 2;
      ctx.beginPath();
      ctx.moveTo(c - 4, 1);
      ctx.lineTo(c + 4, HEIGHT - 1);
      ctx.moveTo(c + 4, 1);
      ctx.lineTo(c - 4, HEIGHT - 1);
      ctx.stroke();
    }
  }
  if (cache.size > 64) cache.clear();
  cache.set(key, canvas);
  return canvas;
}

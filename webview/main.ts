import type { HostMessage } from '../src/protocol';
import { setUpChartJs } from './charts/setup';
import { connectHost } from './host';
import { InspectorPage } from './page';
import { restoreState } from './state';
import { watchTheme } from './theme';

/**
 * The inspector webview's entry: connects to the host, restores the UI state, builds the page in
 * #app, then says `ready` and applies whatever the host sends from then on.
 */

declare global {
  interface Window {
    /** When the last `steps` message reached the screen, for the end-to-end latency test. */
    __lossLensLatency?: { readAt: number; renderedAt: number };
  }
}

function start(): void {
  const root = document.getElementById('app');
  if (!root) return;
  setUpChartJs();
  const host = connectHost(root.dataset.runId);
  const page = new InspectorPage(root, host, restoreState(host.getState()));
  watchTheme((theme) => page.themeChanged(theme));

  window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
    const message = event.data;
    if (typeof message !== 'object' || message === null) return;
    switch (message.type) {
      case 'snapshot':
        page.snapshot(message.run, message.steps ?? [], message.loading);
        page.problems(message.problems ?? [], message.problemCount ?? 0);
        break;
      case 'steps': {
        const readAt = message.readAt;
        page.steps(message.run, message.steps ?? [], () => {
          window.__lossLensLatency = { readAt, renderedAt: Date.now() };
        });
        page.problems(message.problems ?? [], message.problemCount ?? 0);
        break;
      }
      case 'reset':
        page.reset();
        break;
      case 'progress':
        page.progress(message.fraction);
        break;
      case 'stepDetail':
        page.stepDetail(message);
        break;
    }
  });
  host.post({ type: 'ready' });
}

start();

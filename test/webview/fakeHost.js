/* global window, document, location */
// The harness's stand-in for VS Code: the `acquireVsCodeApi` the webview calls, recording what it
// posts, theme classes and variables as VS Code sets them, and a way to send host messages.
(function () {
  const params = new URLSearchParams(location.search);
  const harness = {
    posted: [],
    state: params.has('state') ? JSON.parse(params.get('state')) : undefined,
    cspViolations: [],
    /** Delivers a host message the way VS Code does: JSON-serialised (NaN arrives as null), then posted to the window. */
    send(message) {
      window.postMessage(JSON.parse(JSON.stringify(message)), '*');
    },
    /** Switches theme as VS Code does: body class plus the variables on <html>. */
    setTheme(kind) {
      document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast');
      document.body.classList.add(`vscode-${kind}`);
      document.documentElement.className = `theme-${kind}`;
    },
  };
  document.addEventListener('securitypolicyviolation', (event) => harness.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`));
  window.acquireVsCodeApi = function () {
    return {
      postMessage: (message) => harness.posted.push(message),
      getState: () => harness.state,
      setState: (state) => {
        harness.state = state;
      },
    };
  };
  window.__harness = harness;
  harness.setTheme(params.get('theme') || 'dark');
  document.getElementById('app').dataset.runName = params.get('run') || 'harness';
})();

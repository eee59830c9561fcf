import type { CalculatorFields, CalculatorWebviewMessage } from '../../src/calculatorProtocol';

/** The calculator page's only line to the extension host: typed messages, and the saved form. */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface CalculatorHost {
  post(message: CalculatorWebviewMessage): void;
  /** The form as last saved (kept by VS Code across a reload), if any. */
  savedFields(): unknown;
  saveFields(fields: CalculatorFields): void;
}

export function connectCalculatorHost(): CalculatorHost {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    savedFields: () => (api.getState() as { fields?: unknown } | undefined)?.fields,
    saveFields: (fields) => api.setState({ fields }),
  };
}

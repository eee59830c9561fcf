import * as vscode from 'vscode';
import type { CalculatorFields } from '../calculatorProtocol';
import { explainCall, type LossExplanation } from '../explain/lossCatalog';
import type { StepFigures } from '../protocol';
import { analyzePython, type PythonCall } from '../python/pythonModule';
import { CALCULATE_COMMAND } from './calculatorPanel';
import type { FormulaImages } from './formulaImages';
import { OPEN_INSPECTOR_COMMAND } from './inspectors';
import type { RunSession } from './runSession';

/** The run a hover quotes: the one that changed last, and its latest step. */
export type LatestStep = () => { session: RunSession; step: StepFigures } | undefined;

/**
 * Hovers on loss and activation calls in Python: the formula (an SVG rendered at build time), the
 * input it expects, what the arguments written in this call do, how it relates to the others, and
 * the open run's latest value, with links to the inspector and the calculator.
 */
export class LossHoverProvider implements vscode.HoverProvider {
  /** The last file analysed: hovering around one file re-reads it only after an edit. */
  private cached: { document: vscode.TextDocument; version: number; module: ReturnType<typeof analyzePython> } | undefined;

  constructor(
    private readonly formulas: FormulaImages,
    private readonly latest: LatestStep,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const call = this.moduleOf(document).callAt(document.offsetAt(position));
    if (!call?.canonical) return undefined;
    // An instance (`criterion(x, y)`) is explained by how it was built: its constructor's arguments.
    const args = call.kind === 'instance' && call.constructorCall ? call.constructorCall.args : call.args;
    const explanation = explainCall(call.canonical, args.map((arg) => ({ name: arg.name, text: arg.text })));
    if (!explanation) return undefined;
    const range = new vscode.Range(document.positionAt(call.calleeStart), document.positionAt(call.calleeEnd));
    return new vscode.Hover(this.markdown(explanation, call, document.getText(range)), range);
  }

  private moduleOf(document: vscode.TextDocument): ReturnType<typeof analyzePython> {
    // By document, not URI: a closed untitled file's successor reuses its URI and version.
    if (this.cached?.document !== document || this.cached.version !== document.version) {
      this.cached = { document, version: document.version, module: analyzePython(document.getText()) };
    }
    return this.cached.module;
  }

  private markdown(explanation: LossExplanation, call: PythonCall, spelled: string): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: [OPEN_INSPECTOR_COMMAND, CALCULATE_COMMAND] };
    // What the name resolved to (through imports, aliases and instances), then what it is.
    const subject = explanation.title.split(' — ').slice(1).join(' — ') || explanation.title;
    const resolved = spelled === explanation.canonical ? '' : ` → \`${explanation.canonical}\`${call.kind === 'instance' ? ' (instance)' : ''}`;
    md.appendMarkdown(`**\`${escapeCode(spelled)}\`**${resolved}: ${subject} (${explanation.framework})\n\n`);
    const image = this.formulas.markdown(explanation.formula, `${explanation.title} formula`);
    if (image) md.appendMarkdown(`${image}\n\n`);
    md.appendMarkdown(`**Expects** ${explanation.expects}\n\n`);
    if (explanation.argumentNotes.length > 0) {
      md.appendMarkdown(`**In this call**\n\n${explanation.argumentNotes.map((note) => `- ${note}`).join('\n')}\n\n`);
    }
    if (explanation.relations.length > 0) {
      md.appendMarkdown(`**How it relates**\n\n${explanation.relations.map((note) => `- ${note}`).join('\n')}\n\n`);
    }
    const links: string[] = [];
    const live = this.liveLine(explanation);
    if (live) links.push(live.text, commandLink('Open Inspector', OPEN_INSPECTOR_COMMAND, [vscode.Uri.file(live.file)]));
    if (explanation.calculator) links.push(commandLink('Try it in the Calculator', CALCULATE_COMMAND, [calculatorFields(explanation, call)]));
    if (links.length > 0) md.appendMarkdown(`---\n\n${links.join(' · ')}`);
    return md;
  }

  /** The open run's latest figure for this loss, when the run's head matches the loss's. */
  private liveLine(explanation: LossExplanation): { text: string; file: string } | undefined {
    const latest = this.latest();
    if (!latest || !explanation.runFigure || !explanation.calculator) return undefined;
    const { session, step } = latest;
    if (step.task !== explanation.calculator.task) return undefined;
    const figure = explanation.runFigure;
    const value = figure === 'loss' ? step.loss : figure === 'nll' ? step.nll : figure === 'kl' ? step.kl : step.entropy;
    if (value === undefined) return undefined;
    const name = figure === 'loss' ? 'loss' : figure === 'nll' ? 'NLL' : figure === 'kl' ? 'KL(p‖q)' : 'entropy';
    return { text: `$(pulse) Live: **${escapeMarkdown(session.name)}** step ${step.step} (${escapeMarkdown(step.split)}): ${name} **${formatValue(value)}** nats`, file: session.files[0] };
  }
}

/** A prefilled calculator for this loss: its kind of input and the options written in the call. */
function calculatorFields(explanation: LossExplanation, call: PythonCall): Partial<CalculatorFields> {
  const { task, kind } = explanation.calculator as NonNullable<LossExplanation['calculator']>;
  const fields: Partial<CalculatorFields> =
    task === 'multiclass'
      ? { task, kind, outputs: kind === 'logits' ? '2, 1, 0.1' : kind === 'probs' ? '0.7, 0.2, 0.1' : '-0.357, -1.609, -2.303', target: '0' }
      : { task, kind, outputs: kind === 'logits' ? '1.5, -0.3, 0.2' : '0.8, 0.4, 0.55', target: '1, 0, 1' };
  const args = call.kind === 'instance' && call.constructorCall ? call.constructorCall.args : call.args;
  for (const arg of args) {
    const literal = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(arg.text.trim()) ? arg.text.trim() : undefined;
    const quoted = /^(['"])(mean|sum|none)\1$/.exec(arg.text.trim())?.[2] as CalculatorFields['reduction'] | undefined;
    if (arg.name === 'label_smoothing' && literal && task === 'multiclass') fields.label_smoothing = literal;
    if (arg.name === 'ignore_index' && literal && task === 'multiclass') fields.ignore_index = literal;
    if (arg.name === 'reduction' && quoted) fields.reduction = quoted;
  }
  return fields;
}

function commandLink(label: string, command: string, args: unknown[]): string {
  return `[${label}](command:${command}?${encodeURIComponent(JSON.stringify(args))})`;
}

function escapeCode(text: string): string {
  return text.replace(/`/g, '');
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}

function formatValue(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(6))) : String(value);
}

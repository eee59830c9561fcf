import * as vscode from 'vscode';
import type { StepFigures } from '../protocol';
import { LossAlarm, type Alarm } from '../run/lossAlarm';
import { Disposable } from './disposable';
import { OPEN_INSPECTOR_COMMAND } from './inspectors';
import type { RunSession } from './runSession';

/**
 * The status bar item: the latest loss of the run that changed last, and a warning (the item turns
 * to the warning colours, plus one notification per run and kind) when a step has non-finite
 * outputs or its loss jumps far above its recent median.
 */
export class LossStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('lossLens.status', vscode.StatusBarAlignment.Left, 50));
  private readonly watched = new Map<RunSession, { alarm: LossAlarm; notified: Set<Alarm['kind']> }>();
  private warning: Alarm | undefined;
  private shown: { session: RunSession; step: StepFigures } | undefined;

  constructor() {
    super();
    this.item.name = 'Loss Lens';
  }

  /** The run that changed last and its latest step (train split first): what the item shows. */
  get latest(): { session: RunSession; step: StepFigures } | undefined {
    return this.shown;
  }

  /** Follows a session: its latest steps show here. */
  watch(session: RunSession): void {
    if (this.watched.has(session)) return;
    this.watched.set(session, { alarm: new LossAlarm(), notified: new Set() });
    this.register(
      session.onDidChange((event) => {
        if (event.type === 'steps' && event.steps.length > 0) this.update(session, event.steps);
      }),
    );
  }

  private update(session: RunSession, steps: StepFigures[]): void {
    const state = this.watched.get(session);
    if (!state) return;
    for (const step of [...steps].sort((a, b) => a.step - b.step)) {
      const alarm = state.alarm.observe(step);
      if (!alarm) continue;
      this.warning = alarm;
      if (!state.notified.has(alarm.kind)) {
        state.notified.add(alarm.kind);
        void vscode.window.showWarningMessage(`Loss Lens: ${session.name}: ${alarm.message}`, 'Open Inspector').then((choice) => {
          if (choice) void vscode.commands.executeCommand(OPEN_INSPECTOR_COMMAND, vscode.Uri.file(session.files[0]));
        });
      }
    }
    const latest = steps.filter((step) => step.split === 'train').pop() ?? steps[steps.length - 1];
    this.shown = { session, step: latest };
    this.item.text = `${this.warning ? '$(warning)' : '$(graph-line)'} ${session.name}: loss ${formatLoss(latest.loss)} @ ${latest.step}`;
    this.item.tooltip = new vscode.MarkdownString(
      [`**${session.name}**, step ${latest.step} (${latest.split})`, '', `loss ${latest.loss}`, latest.kl !== undefined ? `KL(p‖q) ${latest.kl}, H(p) ${latest.target_entropy}` : '', this.warning ? `\n$(warning) ${this.warning.message}` : '']
        .filter((line) => line !== undefined)
        .join('\n\n'),
      true,
    );
    this.item.backgroundColor = this.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.command = { title: 'Open Inspector', command: OPEN_INSPECTOR_COMMAND, arguments: [vscode.Uri.file(session.files[0])] };
    this.item.show();
  }
}

function formatLoss(loss: number): string {
  return Number.isFinite(loss) ? loss.toPrecision(4) : String(loss);
}

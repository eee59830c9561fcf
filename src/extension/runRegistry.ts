import * as path from 'node:path';
import * as vscode from 'vscode';
import { Disposable } from './disposable';
import { RunSession } from './runSession';

/** The setting that lists the globs of run files. */
export const RUN_FILES_SETTING = 'lossLens.runFiles';
const DEFAULT_GLOBS = ['**/*.losslens.jsonl'];

/** A run's files share a name but for a rank suffix: `train.rank0.losslens.jsonl`, `train.rank1…`. */
const RANK_SUFFIX = /[._-]rank[._-]?\d+$/i;
const LOG_SUFFIX = /\.losslens\.jsonl$|\.jsonl$/i;

/** The run a log file belongs to: its folder plus its name without extension and rank suffix. */
export function runKeyOf(file: string): { key: string; name: string } {
  const base = path.basename(file).replace(LOG_SUFFIX, '');
  const name = base.replace(RANK_SUFFIX, '') || base;
  return { key: path.join(path.dirname(file), name), name };
}

/**
 * Finds run files in the workspace (the `lossLens.runFiles` globs; files written by
 * python/loss_lens.py match the default) as they appear, without prompting, and keeps one live
 * session per run: the files of a distributed job's ranks join one session.
 */
export class RunRegistry extends Disposable {
  private readonly sessions = new Map<string, RunSession>();
  private readonly found = new Map<string, Set<string>>();
  private readonly changed = new vscode.EventEmitter<void>();
  private watchers: vscode.FileSystemWatcher[] = [];

  /** Fires when runs are found or go away. */
  readonly onDidChangeRuns = this.changed.event;

  constructor() {
    super();
    this.register(this.changed);
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(RUN_FILES_SETTING)) void this.refresh();
      }),
    );
    this.register({ dispose: () => this.watchers.forEach((watcher) => watcher.dispose()) });
    this.register({ dispose: () => this.sessions.forEach((session) => session.dispose()) });
  }

  /** The globs from the settings. */
  get globs(): string[] {
    const value = vscode.workspace.getConfiguration().get<unknown>(RUN_FILES_SETTING);
    return Array.isArray(value) && value.every((glob) => typeof glob === 'string') && value.length > 0 ? (value as string[]) : DEFAULT_GLOBS;
  }

  /** Looks for run files now and watches for new ones. */
  async refresh(): Promise<void> {
    this.watchers.forEach((watcher) => watcher.dispose());
    this.watchers = this.globs.map((glob) => {
      const watcher = vscode.workspace.createFileSystemWatcher(glob, false, true, false);
      watcher.onDidCreate((uri) => this.add(uri.fsPath));
      watcher.onDidDelete((uri) => this.forget(uri.fsPath));
      return watcher;
    });
    const found = await Promise.all(this.globs.map((glob) => vscode.workspace.findFiles(glob, '**/node_modules/**', 500)));
    for (const uri of found.flat()) this.add(uri.fsPath, false);
    this.changed.fire();
  }

  /** Every run found, most recently named first: `{ key, name, files }`. */
  get runs(): { key: string; name: string; files: string[] }[] {
    return [...this.found.entries()].map(([key, files]) => ({ key, name: runKeyOf(key + '.jsonl').name, files: [...files].sort() }));
  }

  /**
   * Records a run file (found by a glob, or opened by the user). A rank file that appears after
   * its run's session started joins the live session.
   */
  add(file: string, notify = true): string {
    const { key } = runKeyOf(file);
    const files = this.found.get(key) ?? new Set<string>();
    const isNew = !files.has(file);
    files.add(file);
    this.found.set(key, files);
    if (isNew) this.sessions.get(key)?.addFile(file);
    if (isNew && notify) this.changed.fire();
    return key;
  }

  /** A run file was deleted: it leaves the list (an open inspector keeps showing what it read). */
  private forget(file: string): void {
    const { key } = runKeyOf(file);
    const files = this.found.get(key);
    if (!files?.delete(file)) return;
    if (files.size === 0) this.found.delete(key);
    this.changed.fire();
  }

  /** The live session of a run (created, and its files read, on first use). */
  session(key: string): RunSession {
    let session = this.sessions.get(key);
    if (!session) {
      const files = [...(this.found.get(key) ?? [key])].sort();
      session = new RunSession(vscode.Uri.file(files[0]).toString(), runKeyOf(files[0]).name, files);
      this.sessions.set(key, session);
      void session.load();
    }
    return session;
  }

  /** The session of the run a file belongs to. */
  sessionForFile(file: string): RunSession {
    return this.session(this.add(file));
  }

  /** Sessions being followed now. */
  get activeSessions(): RunSession[] {
    return [...this.sessions.values()];
  }
}

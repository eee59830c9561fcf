import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ProblemInfo, RunInfo, StepFigures } from '../protocol';
import { bundledWorker } from '../run/ingestPool';
import { RunReader } from '../run/runReader';
import { Disposable } from './disposable';

/** What a session tells its viewers. */
export type RunEvent =
  | { type: 'steps'; steps: StepFigures[]; readAt: number }
  | { type: 'reset' }
  | { type: 'progress'; fraction: number };

/** How often files are polled on top of the change events (a safety net: events can be missed). */
const SAFETY_POLL_MS = 1000;
/** A large log is read in slices this big, with a progress event after each. */
const READ_SLICE_BYTES = 16 * 1024 * 1024;

/**
 * One training run, followed live: its log files (one, or one per rank), read with a RunReader.
 * File change events (node's fs.watch, which reacts within milliseconds on local disks) trigger a
 * read of only the appended bytes; a slow timer covers file systems where events are missed.
 * Reads never overlap: a change during a read schedules exactly one more.
 */
export class RunSession extends Disposable {
  readonly reader: RunReader;
  private readonly listeners = new Set<(event: RunEvent) => void>();
  private reading: Promise<void> | undefined;
  private again = false;
  private loaded: Promise<void> | undefined;
  private watchers: fs.FSWatcher[] = [];
  /** True while a read has left bytes for the next slice. */
  private loading = false;
  /** A read failed and the user was told. */
  private warned = false;

  constructor(
    readonly id: string,
    readonly name: string,
    files: readonly string[],
  ) {
    super();
    // A large log's backlog is read on worker threads; following the appends stays in this thread.
    this.reader = new RunReader(files, { parallel: bundledWorker() });
    this.register({ dispose: () => void this.reader.close() });
    const timer = setInterval(() => this.schedule(), SAFETY_POLL_MS);
    this.register({ dispose: () => clearInterval(timer) });
    this.register({ dispose: () => this.unwatch() });
    this.watch();
  }

  /** The run's log files. */
  get files(): readonly string[] {
    return this.reader.files;
  }

  /** Follows one more file of this run (a rank that appeared later); its steps merge in. */
  addFile(file: string): void {
    if (this.files.includes(file)) return;
    this.reader.addFile(file);
    this.rewatch();
    void this.schedule();
  }

  /** Subscribes to new steps, resets and loading progress. */
  onDidChange(listener: (event: RunEvent) => void): vscode.Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Resolves once the files have been read a first time, reporting progress on the way. */
  load(): Promise<void> {
    this.loaded ??= this.schedule();
    return this.loaded;
  }

  get info(): RunInfo {
    const run = this.reader.run;
    return {
      id: this.id,
      name: this.name,
      files: this.files.map((file) => vscode.workspace.asRelativePath(file)),
      task: run.task,
      classNames: [...run.classNames],
    };
  }

  get steps(): StepFigures[] {
    return this.reader.run.steps();
  }

  get problems(): ProblemInfo[] {
    return this.reader.run.problems.map((problem) => ({ ...problem, file: vscode.workspace.asRelativePath(problem.file) }));
  }

  get problemCount(): number {
    return this.reader.run.problemCount;
  }

  /** Reads what was appended now (or right after the read under way). */
  schedule(): Promise<void> {
    if (this.isDisposed) return Promise.resolve();
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = this.read()
      .catch((error: unknown) => this.failed(error))
      .finally(() => {
        this.reading = undefined;
        if (this.again) {
          this.again = false;
          void this.schedule();
        }
      });
    return this.reading;
  }

  /** Reads what is new, in slices of a few megabytes so that a large log shows its progress. */
  private async read(): Promise<void> {
    for (;;) {
      const result = await this.reader.poll(false, READ_SLICE_BYTES);
      for (const warning of result.warnings) console.warn(`Loss Lens: ${warning}`);
      if (result.restarted.length > 0) {
        this.emit({ type: 'reset' });
        this.rewatch();
      }
      if (result.remaining > 0 || this.loading) {
        this.loading = result.remaining > 0;
        this.emit({ type: 'progress', fraction: result.size > 0 ? 1 - result.remaining / result.size : 1 });
      }
      const steps = this.reader.run.takeChanged();
      if (steps.length > 0 || result.restarted.length > 0) this.emit({ type: 'steps', steps, readAt: Date.now() });
      if (result.remaining === 0 || result.bytes === 0 || this.isDisposed) return;
    }
  }

  /** A log that cannot be read (permissions, a broken mount): said once, tried again later. */
  private failed(error: unknown): void {
    if (this.warned) return;
    this.warned = true;
    void vscode.window.showWarningMessage(`Loss Lens: cannot read ${this.name}: ${error instanceof Error ? error.message : String(error)}`);
  }

  private emit(event: RunEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  /** Watches each file's folder: a file replaced by rename keeps being followed under its name. */
  private watch(): void {
    const folders = new Set(this.files.map((file) => path.dirname(file)));
    const names = new Set(this.files.map((file) => path.basename(file)));
    for (const folder of folders) {
      try {
        const watcher = fs.watch(folder, { persistent: false }, (_event, name) => {
          if (name === null || names.has(name.toString())) void this.schedule();
        });
        watcher.on('error', () => undefined); // the folder went away: the safety poll notices
        this.watchers.push(watcher);
      } catch {
        // An unwatchable folder (permissions, a remote mount): the safety poll still reads it.
      }
    }
  }

  private rewatch(): void {
    this.unwatch();
    this.watch();
  }

  private unwatch(): void {
    for (const watcher of this.watchers) watcher.close();
    this.watchers = [];
  }
}


import { runCalc, CALC_HELP } from './calc';
import { runDemo, DEMO_HELP } from './demo';
import { runEval, EVAL_HELP } from './eval';
import { runSummarize, SUMMARIZE_HELP } from './summarize';
import { UsageError } from './args';

import { version as VERSION } from '../../package.json';

const HELP = `usage: loss-lens <command> [options]

See what a neural network's loss is made of, with PyTorch's exact numbers.

Commands:
  calc      work out every applicable loss for one example, step by step
  eval      evaluate PyTorch-named loss cases given as JSON lines on stdin
  summarize per-step losses and what they are made of, from training logs (--follow: live)
  demo      write a simulated training run in real time, to try the inspector

Run 'loss-lens <command> --help' for a command's options.
Options: --help, --version`;

const COMMANDS: Record<string, { help: string; run: (args: string[]) => Promise<number> | number }> = {
  calc: { help: CALC_HELP, run: runCalc },
  eval: { help: EVAL_HELP, run: () => runEval() },
  summarize: { help: SUMMARIZE_HELP, run: runSummarize },
  demo: { help: DEMO_HELP, run: runDemo },
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    console.log(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version') {
    console.log(VERSION);
    return 0;
  }
  const entry = COMMANDS[command];
  if (!Object.prototype.hasOwnProperty.call(COMMANDS, command) || entry === undefined) {
    console.error(`loss-lens: unknown command '${command}'\n\n${HELP}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(entry.help);
    return 0;
  }
  try {
    return await entry.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`loss-lens ${command}: ${error.message}\n\nRun 'loss-lens ${command} --help' for usage.`);
      return 2;
    }
    throw error;
  }
}

// A reader that stops early (`loss-lens eval < big.jsonl | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`loss-lens: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);

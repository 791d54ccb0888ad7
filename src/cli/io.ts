// What every command definition shares: where lines go, how an action reports its exit status, and
// the option parsers that turn a bad value into a usage error before any work starts. This module
// and the definitions beside it import nothing heavy: `vetreport --help` loads only commander.
import { InvalidArgumentError, type Command } from 'commander';

export interface CliIO {
  /** A line of normal output (stdout). */
  say(line: string): void;
  /** A line about a problem (stderr, prefixed `vetreport:`). */
  warn(line: string): void;
}

export const stdio: CliIO = {
  say: (line) => process.stdout.write(`${line}\n`),
  warn: (line) => process.stderr.write(`vetreport: ${line}\n`),
};

/**
 * A command's action: resolves to its exit status (0 when it returns nothing). The heavy modules a
 * command needs are imported inside its action, so defining it costs nothing.
 */
export type Act = <A extends unknown[]>(fn: (...args: A) => Promise<number | void>) => (...args: A) => Promise<void>;

/** A command definition: adds one command, its options and its (lazily loaded) action to the program. */
export type CommandDefinition = (program: Command, act: Act, io: CliIO) => void;

/** Parser for an option that takes a whole number ≥ min: `-c abc` and `--settle -5` are usage errors. */
export function wholeNumber(min = 0): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < min) throw new InvalidArgumentError(`expected a whole number ≥ ${min}`);
    return Number(value);
  };
}

/** Resolves when the process is asked to stop (Ctrl-C, `kill`, a container stop). */
export function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (sig: NodeJS.Signals) => () => resolve(sig);
    process.once('SIGINT', on('SIGINT'));
    process.once('SIGTERM', on('SIGTERM'));
  });
}

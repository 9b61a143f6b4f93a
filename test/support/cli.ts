import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

/**
 * Runs one of the repository's TypeScript CLIs (`scripts/<name>.ts`) as ops would, in its own process with
 * only PATH, HOME and `env`. `onStart` gets a function that SIGKILLs it (for crash tests).
 */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
  onStart?: (kill: () => void) => void,
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', `scripts/${script}`, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
    onStart?.(() => child.kill('SIGKILL'));
  });
}

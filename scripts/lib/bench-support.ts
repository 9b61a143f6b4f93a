/** What the benchmark scripts share: starting a built server, JSON calls, percentiles. */
import { ChildProcess, spawn } from 'node:child_process';

/**
 * Starts `node script` with this process's environment plus `env` (a key set to undefined is removed)
 * and waits until `readyUrl` answers below 500.
 */
export async function startProcess(
  script: string,
  env: NodeJS.ProcessEnv,
  readyUrl: string,
  timeoutMs = 30_000,
): Promise<ChildProcess> {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [key, value] of Object.entries(merged)) {
    if (value === undefined) {
      delete merged[key];
    }
  }
  const child = spawn(process.execPath, [script], {
    env: merged,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (const until = Date.now() + timeoutMs; Date.now() < until;) {
    if (child.exitCode !== null) {
      throw new Error(`${script} exited with ${child.exitCode}`);
    }
    const ok = await fetch(readyUrl).then(
      (res) => res.status < 500,
      () => false,
    );
    if (ok) {
      return child;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${script} did not become ready`);
}

/** A JSON request that must succeed; returns the envelope. */
export async function json(url: string, init: RequestInit = {}): Promise<{ data: Record<string, unknown> }> {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
  if (!res.ok) {
    throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
  }
  return (await res.json()) as { data: Record<string, unknown> };
}

/** Registers a customer and returns the Authorization header of their session. */
export async function customerAuth(api: string, email: string, password: string): Promise<{ authorization: string }> {
  const body = JSON.stringify({ email, password });
  await json(`${api}/auth/register`, { method: 'POST', body });
  const token = (await json(`${api}/auth/login`, { method: 'POST', body })).data.access_token as string;
  return { authorization: `Bearer ${token}` };
}

/** The q-quantile (0..1) by the nearest-rank method; NaN for no values. */
export function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

import { execFileSync } from 'node:child_process';
import { TEST_DATABASE_URL } from './test-database';

/** A local Debian PostgreSQL cluster, as `pg_lsclusters` names it. */
export interface LocalCluster {
  version: string;
  name: string;
  port: number;
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1', '']);

/**
 * The cluster TEST_DATABASE_URL points to, when that can be told for certain: the URL names this machine
 * (loopback or a Unix socket) and exactly one online cluster of `pg_lsclusters` listens on its port.
 * Otherwise the reason it cannot be told.
 */
export function clusterOfTestDatabase(url = TEST_DATABASE_URL): LocalCluster | { unknown: string } {
  const parsed = new URL(url);
  const socketHost = parsed.searchParams.get('host');
  const host = socketHost?.startsWith('/') ? '' : parsed.hostname;
  if (!LOCAL_HOSTS.has(host)) {
    return { unknown: `TEST_DATABASE_URL names host ${host}, not this machine` };
  }
  const port = Number(parsed.port || process.env.PGPORT || 5432);
  let listing: string;
  try {
    listing = execFileSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' });
  } catch {
    return { unknown: 'pg_lsclusters is not available, so the local clusters cannot be listed' };
  }
  const matches = listing
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols.length >= 4 && Number(cols[2]) === port && cols[3] === 'online')
    .map((cols) => ({ version: cols[0], name: cols[1], port }));
  if (matches.length !== 1) {
    return { unknown: `${matches.length} online local clusters listen on port ${port}` };
  }
  return matches[0];
}

export function restartCluster(cluster: LocalCluster): void {
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', cluster.version, cluster.name, 'restart'], {
    stdio: 'ignore',
  });
}

// Debian's prometheus on 127.0.0.1 with a temp config scraping one target every second, temp
// TSDB storage; queried through its HTTP API.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freeTcpPort } from './freePort.js';
import { ServerProcess, findBinary, makeTempDir } from './serverProcess.js';

export interface PrometheusServer {
  readonly url: string;
  readonly process: ServerProcess;
  /** An instant query's result vector. */
  query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
}

export async function startPrometheus(job: string, target: string): Promise<PrometheusServer> {
  const binary = findBinary('prometheus', 'prometheus');
  const dir = makeTempDir('prometheus');
  const port = await freeTcpPort();
  const config = `global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: ${JSON.stringify(job)}
    static_configs:
      - targets: [${JSON.stringify(target)}]
`;
  writeFileSync(join(dir, 'prometheus.yml'), config);
  const args = [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
  ];
  const process = ServerProcess.start('prometheus', binary, args, dir);
  const url = `http://127.0.0.1:${port}`;
  try {
    await process.waitReady(async () => (await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2000) })).ok, 200);
  } catch (err) {
    await process.stop();
    throw err;
  }
  async function query(promql: string) {
    const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`, {
      signal: AbortSignal.timeout(5000),
    });
    const body = (await response.json()) as {
      status: string;
      data: { result: { metric: Record<string, string>; value: [number, string] }[] };
    };
    if (body.status !== 'success') throw new Error(`prometheus query ${promql} failed: ${JSON.stringify(body)}`);
    return body.data.result;
  }
  return { url, process, query };
}

// The router's state for the Info page, read from its Prometheus /metrics (the router and the UI
// are usually separate processes, possibly on separate hosts; the metrics are already its public status).

export interface DestinationStatus {
  name: string;
  queueDepth: number;
  oldestAgeSeconds: number;
  delivered: number;
  filtered: number;
  deduplicated: number;
  deadLettered: number;
  sendFailures: number;
  retries: number;
}

export interface RouterStatus {
  configured: boolean;
  url?: string;
  reachable?: boolean;
  error?: string;
  alertsIn?: { accepted: number; rejected: number };
  destinations?: DestinationStatus[];
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Samples of the Prometheus text format (comments skipped). */
export function parseMetrics(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(LABEL))
      labels[l[1]!] = l[2]!.replace(/\\(.)/g, (_x, c: string) => (c === 'n' ? '\n' : c));
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

export function routerStatusFrom(samples: readonly Sample[]): Pick<RouterStatus, 'alertsIn' | 'destinations'> {
  const dests = new Map<string, DestinationStatus>();
  const dest = (name: string) => {
    let d = dests.get(name);
    if (!d)
      dests.set(
        name,
        (d = {
          name,
          queueDepth: 0,
          oldestAgeSeconds: 0,
          delivered: 0,
          filtered: 0,
          deduplicated: 0,
          deadLettered: 0,
          sendFailures: 0,
          retries: 0,
        }),
      );
    return d;
  };
  const alertsIn = { accepted: 0, rejected: 0 };
  for (const s of samples) {
    const name = s.labels.destination;
    switch (s.name) {
      case 'kestrel_router_alerts_in_total':
        if (s.labels.status === 'accepted' || s.labels.status === 'rejected') alertsIn[s.labels.status] += s.value;
        break;
      case 'kestrel_router_queue_depth':
        if (name) dest(name).queueDepth = s.value;
        break;
      case 'kestrel_router_queue_oldest_age_seconds':
        if (name) dest(name).oldestAgeSeconds = s.value;
        break;
      case 'kestrel_router_send_failures_total':
        if (name) dest(name).sendFailures = s.value;
        break;
      case 'kestrel_router_retries_total':
        if (name) dest(name).retries = s.value;
        break;
      case 'kestrel_router_alerts_out_total': {
        const st = s.labels.status;
        if (!name) break;
        const d = dest(name);
        if (st === 'delivered') d.delivered = s.value;
        else if (st === 'filtered') d.filtered = s.value;
        else if (st === 'deduplicated') d.deduplicated = s.value;
        else if (st === 'deadlettered') d.deadLettered = s.value;
        break;
      }
    }
  }
  return { alertsIn, destinations: [...dests.values()].sort((a, b) => (a.name < b.name ? -1 : 1)) };
}

export async function fetchRouterStatus(url: string | undefined, timeoutMs: number): Promise<RouterStatus> {
  if (!url) return { configured: false };
  const metrics = `${url.replace(/\/+$/, '')}/metrics`;
  try {
    const r = await fetch(metrics, { signal: AbortSignal.timeout(timeoutMs) });
    if (!r.ok) return { configured: true, url, reachable: false, error: `GET ${metrics}: HTTP ${r.status}` };
    return { configured: true, url, reachable: true, ...routerStatusFrom(parseMetrics(await r.text())) };
  } catch (e) {
    return { configured: true, url, reachable: false, error: `GET ${metrics}: ${(e as Error).message}` };
  }
}

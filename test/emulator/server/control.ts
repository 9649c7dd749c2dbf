import { SalesforceError } from '../store/types.js';
import { type ServerEnv } from './api.js';
import { type RequestStats } from './stats.js';
import { type WriteHold } from './write-hold.js';

export type ControlState = { stats: RequestStats; latency: { ms: number }; hold: WriteHold };

function numberField(body: unknown, name: string): number | undefined {
  const value = (body as Record<string, unknown> | null)?.[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * The control API under /__emulator/ (same bearer token, never counted in the statistics): observe the org and
 * steer faults, latency, the clock and the API usage from tests and benchmarks.
 */
export function handleControl(env: ServerEnv, state: ControlState, method: string, action: string, body: unknown): unknown {
  const { org } = env;
  switch (`${method} ${action}`) {
    case 'GET stats':
      return state.stats.toJSON();
    case 'POST stats/reset':
      state.stats.reset();
      return { ok: true };
    case 'GET dump': {
      org.tick();
      const records: Record<string, unknown[]> = {};
      for (const type of Object.keys(org.store.schema)) records[type] = [...org.store.all(type)].map((r) => ({ ...r }));
      return { records };
    }
    case 'POST faults':
      env.faults.configure(numberField(body, 'rate') ?? 0, numberField(body, 'seed') ?? 1);
      return { rate: env.faults.rate };
    case 'POST latency':
      state.latency.ms = Math.max(0, numberField(body, 'ms') ?? 0);
      return { ms: state.latency.ms };
    case 'POST hold': {
      const fields = (body ?? {}) as { writes?: unknown; drop?: unknown };
      if (fields.writes === true) state.hold.start();
      else state.hold.release(fields.drop === true ? 'drop' : 'serve');
      return { writes: state.hold.active, parked: state.hold.parked };
    }
    case 'GET clock':
      return { now: org.clock.now().toISOString() };
    case 'POST clock':
      org.clock.advance(numberField(body, 'advanceMs') ?? 0);
      return { now: org.clock.now().toISOString() };
    case 'GET api-usage':
    case 'POST api-usage': {
      org.usage.used = numberField(body, 'used') ?? org.usage.used;
      org.usage.max = numberField(body, 'max') ?? org.usage.max;
      return { used: org.usage.used, max: org.usage.max };
    }
    default:
      throw new SalesforceError('NOT_FOUND', `No emulator control action ${method} ${action}`, [], 404);
  }
}

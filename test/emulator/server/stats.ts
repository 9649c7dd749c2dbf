/** Request counters the control API reports: total, by method and by endpoint ("GET /query"). */
export class RequestStats {
  public requests = 0;
  public byMethod: Record<string, number> = {};
  public byEndpoint: Record<string, number> = {};

  public count(method: string, endpoint: string): void {
    this.requests++;
    this.byMethod[method] = (this.byMethod[method] ?? 0) + 1;
    const key = `${method} ${endpoint}`;
    this.byEndpoint[key] = (this.byEndpoint[key] ?? 0) + 1;
  }

  public reset(): void {
    this.requests = 0;
    this.byMethod = {};
    this.byEndpoint = {};
  }

  public toJSON(): { requests: number; byMethod: Record<string, number>; byEndpoint: Record<string, number> } {
    return { requests: this.requests, byMethod: { ...this.byMethod }, byEndpoint: { ...this.byEndpoint } };
  }
}

const ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/**
 * The endpoint a path counts under: the API version dropped, Ids and query locators folded
 * (`/services/data/v62.0/sobjects/User/005…` → `/sobjects/User/{id}`, `/query/01g…-2000` → `/query/{locator}`).
 */
export function endpointOf(path: string): string {
  const data = /^\/services\/data\/v\d+\.\d+(\/.*)?$/.exec(path);
  if (!data) return path;
  const rest = data[1] ?? '/';
  const parts = rest.split('/').filter(Boolean);
  if ((parts[0] === 'query' || parts[0] === 'queryAll') && parts.length > 1) return `/${parts[0]}/{locator}`;
  if (parts[0] === 'sobjects' && parts.length === 3 && ID.test(parts[2])) return `/sobjects/${parts[1]}/{id}`;
  return `/${parts.join('/')}`;
}

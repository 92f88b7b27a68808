import type { WebConfig } from './web-config/load.js';
import { isLoopbackHost } from './web-config/loopback.js';

// The warning for a listen address reachable from other machines with neither TLS nor basic auth; null when
// the address is loopback or the web config sets one of them.
export function exposureWarning(listenHost: string, web: WebConfig | null): string | null {
  if (isLoopbackHost(listenHost)) return null;
  if (web && (web.tls !== null || Object.keys(web.users).length > 0)) return null;
  return `listening on ${listenHost}, which other machines can reach, without TLS or basic auth: anyone there can read /status and /metrics; set [http] web_config (TLS, basic_auth_users) or listen on 127.0.0.1`;
}

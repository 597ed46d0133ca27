/**
 * The Operaton nodes the suites run against: OPERATON_URLS, OPERATON_USER and
 * OPERATON_PASSWORD, as `eval "$(scripts/operaton.sh start)"` exports them
 * (.ci/run does). Without them the Operaton runs are skipped, saying why.
 */
export interface OperatonSettings {
  urls: string[];
  user: string;
  password: string;
}

export function operatonFromEnv(env: NodeJS.ProcessEnv = process.env): OperatonSettings | string {
  const urls = (env.OPERATON_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  if (!urls.length) return 'OPERATON_URLS is not set (eval "$(scripts/operaton.sh start)" starts a node and exports it)';
  if (!env.OPERATON_USER || !env.OPERATON_PASSWORD) return 'OPERATON_USER and OPERATON_PASSWORD are not set';
  return { urls, user: env.OPERATON_USER, password: env.OPERATON_PASSWORD };
}

/** Where spans go when neither the config nor the environment says: a collector on this machine. */
export const DEFAULT_OTLP_TRACES_URL = 'http://localhost:4318/v1/traces';

/**
 * The OTLP/HTTP traces URL: `tracing.otlp_endpoint` (a URL with no path gets `/v1/traces`, since people
 * write the collector's address), else OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as it is, else
 * OTEL_EXPORTER_OTLP_ENDPOINT with `/v1/traces` appended, as the OTLP exporter specification says.
 */
export function otlpTracesUrl(configured: string | undefined, environment: NodeJS.ProcessEnv): string {
  if (configured !== undefined) {
    const url = new URL(configured);
    return url.pathname === '/' || url.pathname === '' ? `${url.origin}/v1/traces${url.search}` : configured;
  }
  const traces = environment['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'];
  if (traces !== undefined && traces !== '') return traces;
  const base = environment['OTEL_EXPORTER_OTLP_ENDPOINT'];
  if (base !== undefined && base !== '') return `${base.replace(/\/+$/, '')}/v1/traces`;
  return DEFAULT_OTLP_TRACES_URL;
}

import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SpanKind, type Tracer } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_ROUTE, ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { TracingConfig } from '../config/config-schema.js';
import type { Logger } from './create-logger.js';
import { httpRoute } from './http-route.js';
import { OtelRequestSpan } from './otel-request-span.js';
import { otlpTracesUrl } from './otlp-traces-url.js';
import { callerContext } from './trace-context.js';
import type { RequestSpan, Tracing } from './tracing.js';

export interface TracingOptions {
  config: TracingConfig;
  environment: NodeJS.ProcessEnv;
  logger: Logger;
  /** Where spans go instead of the OTLP exporter (the micro-benchmark's in-memory sink). */
  exporter?: SpanExporter;
}

/**
 * Tracing when `tracing.enabled`: an OTLP/HTTP exporter (JSON, the exporter-trace-otlp-http default)
 * behind a batch span processor, a parent-based ratio sampler (a caller's sampled flag decides for its
 * own trace), and a tracer provider of our own: nothing is registered globally, so two apps in one
 * process (tests) keep their traces apart. app.ts imports this module only when tracing is on.
 */
export function createTracing(options: TracingOptions): Tracing {
  const { config, environment, logger } = options;
  const url = otlpTracesUrl(config.otlp_endpoint, environment);
  const version = packageVersion();
  const exporter = options.exporter ?? reportingFailures(new OTLPTraceExporter({ url, headers: config.headers }), logger, url);
  const provider = new BasicTracerProvider({
    resource: defaultResource().merge(
      resourceFromAttributes({
        [ATTR_SERVICE_NAME]: config.service_name ?? nonEmpty(environment['OTEL_SERVICE_NAME']) ?? 'skyroute',
        [ATTR_SERVICE_VERSION]: version,
      }),
    ),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.sample_ratio) }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('skyroute', version);
  return {
    startRequest: (request, response, requestId, path) => startRequest(tracer, request, response, requestId, path),
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}

function startRequest(tracer: Tracer, request: IncomingMessage, response: ServerResponse, requestId: string, path: string): RequestSpan | undefined {
  const route = httpRoute(path);
  if (route === undefined) return undefined;
  const method = request.method ?? 'GET';
  const span = tracer.startSpan(
    route === '' ? method : `${method} ${route}`,
    {
      kind: SpanKind.SERVER,
      attributes: { [ATTR_HTTP_REQUEST_METHOD]: method, ...(route === '' ? {} : { [ATTR_HTTP_ROUTE]: route }), 'skyroute.request_id': requestId },
    },
    callerContext(request.headers),
  );
  const requestSpan = new OtelRequestSpan(tracer, span);
  response.once('close', () => requestSpan.end(response));
  return requestSpan;
}

/**
 * The exporter, with failed exports logged (once a minute at most: a collector that is down would
 * otherwise write a line every batch). OpenTelemetry's own reporting goes to its diagnostic logger,
 * which nobody reads by default, so a wrong endpoint would go unnoticed.
 */
function reportingFailures(exporter: SpanExporter, logger: Logger, url: string): SpanExporter {
  let lastLoggedAt = 0;
  return {
    export(spans, resultCallback) {
      exporter.export(spans, (result) => {
        const now = Date.now();
        if (result.code !== ExportResultCode.SUCCESS && now - lastLoggedAt >= 60_000) {
          lastLoggedAt = now;
          logger.warn({ err: result.error?.message, url, spans: spans.length }, 'tracing: spans could not be exported to the OTLP endpoint; they are dropped');
        }
        resultCallback(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** The gateway's version, for service.version and the tracer's scope (read once, at start). */
function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

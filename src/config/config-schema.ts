import { z } from 'zod';
import { PROVIDER_TYPES } from '../providers/provider-types.js';
import { RetrySchema, HedgeSchema, RoutingConfigSchema, StrategySchema } from './routing-config-schema.js';

/**
 * The config file's schema. Keys are snake_case as written in YAML. Every field has a default so an
 * empty file (or none) is a valid config. Validation errors name the field path and what is wrong.
 */
const durationMs = z.number().int().nonnegative();

export const TimeoutsSchema = z.strictObject({
  /** Time to open a TCP/TLS connection to an upstream. */
  connect_ms: durationMs.optional(),
  /** Time from sending the request to the upstream's response headers (its first byte). */
  first_byte_ms: durationMs.optional(),
  /** Longest silence between two body chunks of an upstream response. */
  idle_ms: durationMs.optional(),
  /** Whole request, all of the response included. */
  total_ms: durationMs.optional(),
});

const stringList = z.array(z.string());

export const ProviderConfigSchema = z.strictObject({
  type: z.enum(PROVIDER_TYPES, {
    error: (issue) => `unknown provider type ${JSON.stringify(issue.input)}; expected one of ${PROVIDER_TYPES.join(', ')}`,
  }),
  api_key: z.string().optional(),
  base_url: z.url({ error: 'must be an absolute http(s) URL' }).optional(),
  /** Azure OpenAI: `api-version` query parameter of the deployments API. */
  api_version: z.string().optional(),
  /** Extra headers sent with every upstream request (e.g. OpenRouter's HTTP-Referer). */
  headers: z.record(z.string(), z.string()).optional(),
  timeouts: TimeoutsSchema.optional(),
  /** Most connections kept open to this provider. */
  max_connections: z.number().int().positive().optional(),
  /** Bedrock: AWS region (else AWS_REGION / AWS_DEFAULT_REGION). Vertex: the endpoint's location (`us-central1`, `global`). */
  region: z.string().optional(),
  /** Bedrock SigV4 credentials (else the standard AWS_* variables); `api_key` is a Bedrock API key instead. */
  aws_access_key_id: z.string().optional(),
  aws_secret_access_key: z.string().optional(),
  aws_session_token: z.string().optional(),
  /** Vertex AI: the Google Cloud project (else the service account's `project_id`). */
  project: z.string().optional(),
  /** Vertex AI: path of a service-account JSON key file (else GOOGLE_APPLICATION_CREDENTIALS), or the JSON itself. */
  credentials: z.string().optional(),
  /**
   * A credential stored through the admin API (`PUT /admin/credentials/{name}`, sealed in the database):
   * its secret fields fill api_key, aws_* and credentials, over what is written here.
   */
  credential: z.string().optional(),
});

export const DeploymentConfigSchema = z.strictObject({
  provider: z.string().min(1),
  model: z.string().min(1),
  /** USD per 1M tokens, overriding the catalog. */
  price: z
    .strictObject({
      input: z.number().nonnegative(),
      output: z.number().nonnegative(),
      cached_input: z.number().nonnegative().optional(),
      cache_write: z.number().nonnegative().optional(),
      /** Cache writes with the long (1-hour) lifetime (Anthropic: 2× input). */
      cache_write_long: z.number().nonnegative().optional(),
    })
    .optional(),
  /** 0–1, overriding the catalog's quality score (for the quality and hybrid strategies). */
  quality: z.number().min(0).max(1).optional(),
  /** Share of traffic under the weighted strategy, relative to the group's other deployments. */
  weight: z.number().nonnegative().default(1),
  /** Lower goes first under the priority strategy (ties keep config order). */
  priority: z.number().int().default(0),
  /** Requests and tokens per minute this deployment may take (shared across replicas when state is Redis). */
  rpm: z.number().int().positive().optional(),
  tpm: z.number().int().positive().optional(),
  /** A label (`eu`, `us-east-1`…) that rules and the `skyroute.region` request hint can select on. */
  region: z.string().min(1).optional(),
});

export const ModelGroupConfigSchema = z.strictObject({
  name: z
    .string()
    .min(1)
    .refine((name) => name !== 'auto', { message: '"auto" is reserved' }),
  /** How the group's deployments are ranked (default: routing.default_strategy). */
  strategy: StrategySchema.optional(),
  /** Other groups to try, in order, when every deployment of this one failed. */
  fallbacks: z.array(z.string().min(1)).default([]),
  /** Overrides routing.retry / routing.hedge for this group. */
  retry: RetrySchema.partial().optional(),
  hedge: HedgeSchema.optional(),
  deployments: z.array(DeploymentConfigSchema).min(1, { message: 'a model group needs at least one deployment' }),
});

export const StateConfigSchema = z.strictObject({
  /**
   * Where routing health, counters and limits live: `memory` (one replica) or `redis` (every replica
   * sees the same; docs/routing.md says what happens when Redis is unreachable).
   */
  backend: z.enum(['memory', 'redis']).default('memory'),
  redis_url: z.string().default('redis://127.0.0.1:6379'),
  /** Prefix of every key, so several gateways can share one Redis. */
  key_prefix: z.string().default('skyroute:'),
  /** Longest a Redis command may take before the replica carries on with what it knows. */
  command_timeout_ms: durationMs.default(250),
});

export const CatalogModelOverrideSchema = z.looseObject({ id: z.string().regex(/^[^/]+\/.+$/, 'must be "<provider>/<model>"') });

export const ConfigSchema = z.strictObject({
  server: z
    .strictObject({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(4000),
      /** Largest request body accepted, in bytes (20 MiB). */
      body_limit_bytes: z.number().int().positive().default(20 * 1024 * 1024),
      /** Where the gateway keeps its files; relative to the config file. */
      data_dir: z.string().default('./data'),
      /** How long shutdown waits for in-flight requests. */
      shutdown_timeout_ms: durationMs.default(30_000),
    })
    .prefault({}),
  auth: z
    .strictObject({
      /** Static client keys (no limits of their own); virtual keys live in the database. */
      keys: stringList.default([]),
      /**
       * Opens the admin API (/admin/*) to whoever sends it, and from then on every /v1/* request needs a
       * valid key. SKYROUTE_MASTER_KEY sets it too (the variable wins).
       */
      master_key: z.string().min(16, 'the master key must be at least 16 characters').optional(),
    })
    .prefault({}),
  database: z
    .strictObject({
      /** A SQLite file (relative to the config file; default <data_dir>/skyroute.db) or a postgres:// URL. SKYROUTE_DATABASE_URL wins. */
      url: z.string().optional(),
    })
    .prefault({}),
  governance: z
    .strictObject({
      /** How often each replica re-reads the keys and teams changed elsewhere: a revocation reaches every replica within this (plus one query). */
      refresh_ms: durationMs.min(50).default(500),
      /** What a request meets while the shared state (Redis) does not answer: refused (503) or let through unchecked, and logged. */
      when_state_unavailable: z
        .strictObject({
          budgets: z.enum(['reject', 'allow']).default('reject'),
          rate_limits: z.enum(['reject', 'allow']).default('allow'),
        })
        .prefault({}),
      /** Output tokens reserved (TPM, budget) for a request without max_tokens, capped by the model's own maximum. */
      default_max_output_tokens: z.number().int().positive().default(4096),
    })
    .prefault({}),
  request_log: z
    .strictObject({
      /** One row per request in the database; off: only the daily spend totals and the traffic statistics (per minute and per hour) are kept. */
      enabled: z.boolean().default(true),
      /** Also keep prompt and response bodies (redacted, truncated to max_body_bytes). */
      bodies: z.boolean().default(false),
      max_body_bytes: z.number().int().positive().default(64 * 1024),
      /** Regular expressions whose matches are replaced by [REDACTED] in logged bodies. */
      redact: stringList.default([]),
      /** Also redact the usual secrets: API keys, bearer tokens, private keys, e-mail addresses, card numbers. */
      redact_defaults: z.boolean().default(true),
      retention_days: z.number().int().positive().default(30),
      batch_size: z.number().int().positive().default(500),
      flush_interval_ms: durationMs.min(10).default(1000),
      /** Rows held in memory; past this (database slow or down) batches go to the spill file under <data_dir>/spill. */
      max_queue: z.number().int().positive().default(50_000),
    })
    .prefault({}),
  timeouts: TimeoutsSchema.prefault({}),
  providers: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'provider ids are lower-case letters, digits, - and _'), ProviderConfigSchema).default({}),
  models: z.array(ModelGroupConfigSchema).default([]),
  routing: RoutingConfigSchema.prefault({}),
  state: StateConfigSchema.prefault({}),
  catalog: z
    .strictObject({
      /** Extra catalog files, relative to the config file. */
      files: stringList.default([]),
      /** Entries that override or add to the catalog, in the catalog file's format. */
      models: z.array(CatalogModelOverrideSchema).default([]),
    })
    .prefault({}),
  /**
   * Image URLs the gateway fetches for providers that need the bytes (Gemini, Bedrock, Vertex…).
   * Loopback, private, link-local and metadata addresses are refused unless `allow_private_networks`.
   */
  images: z
    .strictObject({
      allow_private_networks: z.boolean().default(false),
      /** Host names (or `host:port`) fetched even when they resolve to a private address, e.g. an internal CDN. */
      allowed_hosts: stringList.default([]),
      /** Largest image fetched, in bytes (20 MiB). */
      max_bytes: z.number().int().positive().default(20 * 1024 * 1024),
      timeout_ms: durationMs.default(10_000),
      /** Redirects followed (each target is checked again). */
      max_redirects: z.number().int().nonnegative().default(3),
    })
    .prefault({}),
  logging: z
    .strictObject({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') })
    .prefault({}),
  /** Prometheus metrics at GET /metrics (docs/observability.md). */
  metrics: z
    .strictObject({
      /** Serve GET /metrics and count; off: no metrics are kept at all. Applies at the next start. */
      enabled: z.boolean().default(true),
      /** Without this, /metrics needs the master key (Authorization: Bearer) once one is configured. */
      public: z.boolean().default(false),
      /** Virtual keys (and teams) with a `key` (`team`) label value of their own; later ones count as `other`. Applies at the next start. */
      max_key_labels: z.number().int().nonnegative().default(300),
      max_team_labels: z.number().int().nonnegative().default(300),
    })
    .prefault({}),
  /** OpenTelemetry traces over OTLP/HTTP (docs/observability.md "Traces"). Applies at the next start. */
  tracing: z
    .strictObject({
      /** Off: no span is made and OpenTelemetry's SDK is not even loaded. */
      enabled: z.boolean().default(false),
      /**
       * The collector's OTLP/HTTP traces URL (`/v1/traces` is added to a URL with no path). Else
       * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, else OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces, else http://localhost:4318/v1/traces.
       */
      otlp_endpoint: z.url({ error: 'must be an absolute http(s) URL' }).optional(),
      /** Headers sent with every export (a collector's API key: write it as ${VARIABLE}). */
      headers: z.record(z.string(), z.string()).default({}),
      /** The resource's service.name; else OTEL_SERVICE_NAME, else `skyroute`. */
      service_name: z.string().min(1).optional(),
      /** Share of the traces this gateway starts that are kept (0–1); a caller's traceparent decides for its own trace. */
      sample_ratio: z.number().min(0).max(1).default(1),
    })
    .prefault({}),
});

export type Config = z.infer<typeof ConfigSchema>;
export type ProviderConfig = z.infer<typeof ProviderConfigSchema>;
export type DeploymentConfig = z.infer<typeof DeploymentConfigSchema>;
export type ModelGroupConfig = z.infer<typeof ModelGroupConfigSchema>;
export type StateConfig = z.infer<typeof StateConfigSchema>;
export type TimeoutsConfig = z.infer<typeof TimeoutsSchema>;
export type ImagesConfig = Config['images'];
export type GovernanceConfig = Config['governance'];
export type RequestLogConfig = Config['request_log'];
export type MetricsConfig = Config['metrics'];
export type TracingConfig = Config['tracing'];

/**
 * The label values one config version allows: the model names a client can name without guessing
 * (configured groups, `auto`, catalog models of configured providers: what GET /v1/models lists), their
 * deployments and the configured providers. Anything else a request names (a made-up model, a
 * `<provider>/<anything>` deployment) is counted under `other`, so a client cannot create series.
 */
export interface MetricLabelBounds {
  models: ReadonlySet<string>;
  /** Deployment id → its provider id. */
  deployments: ReadonlyMap<string, string>;
  providers: ReadonlySet<string>;
  /** Deployments whose circuit the circuit-state gauge reports: those of the configured groups and of `auto`. */
  watched: ReadonlyArray<{ id: string; provider: string }>;
}

/** The parts of a model group this needs (routing's ModelGroup has them). */
export interface LabelledGroup {
  name: string;
  configured: boolean;
  deployments: ReadonlyArray<{ id: string; providerId: string }>;
}

export const NO_LABEL_BOUNDS: MetricLabelBounds = Object.freeze({ models: new Set<string>(), deployments: new Map<string, string>(), providers: new Set<string>(), watched: [] });

/** Built once per config version (app.ts, at start and on reload), never per request. */
export function metricLabelBounds(groups: Iterable<LabelledGroup>, providers: Iterable<string>): MetricLabelBounds {
  const models = new Set<string>();
  const deployments = new Map<string, string>();
  const watched = new Map<string, string>();
  for (const group of groups) {
    models.add(group.name);
    for (const deployment of group.deployments) {
      deployments.set(deployment.id, deployment.providerId);
      if (group.configured) watched.set(deployment.id, deployment.providerId);
    }
  }
  return {
    models,
    deployments,
    providers: new Set(providers),
    watched: [...watched].map(([id, provider]) => ({ id, provider })),
  };
}

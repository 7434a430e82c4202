import type { Runtime } from '../../build-runtime.js';
import type { ModelGroup } from '../../routing/model-table.js';
import { GatewayError } from '../../spec/gateway-error.js';

/** The group for a model name, or a 404 that says how to find the right name. */
export function resolveModelGroup(runtime: Runtime, model: string): ModelGroup {
  const group = runtime.models.resolve(model);
  if (group !== undefined) return group;
  const slash = model.indexOf('/');
  const hint =
    slash > 0 && !runtime.providers.has(model.slice(0, slash))
      ? ` No provider "${model.slice(0, slash)}" is configured (configured: ${[...runtime.providers.keys()].join(', ') || 'none'}).`
      : '';
  return throwNotFound(model, hint);
}

function throwNotFound(model: string, hint: string): never {
  throw new GatewayError(
    'GW_ERR_MODEL_NOT_FOUND',
    `The model "${model}" does not exist on this gateway.${hint} GET /v1/models lists the models it serves; a configured provider's model can also be named "<provider>/<model>".`,
    { param: 'model' },
  );
}

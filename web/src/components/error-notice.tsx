import type { ApiError } from '../admin-client.js';

/** An API error as the gateway worded it, with a retry when there is something to retry. */
export function ErrorNotice({ error, retry }: { error: ApiError | undefined; retry?: () => void }) {
  if (error === undefined) return null;
  return (
    <div class="notice error" role="alert">
      <strong>{error.status === 0 ? 'No answer' : `Error ${error.status}`}</strong>
      {error.code === undefined ? null : <code>{error.code}</code>}
      <p>{error.message}</p>
      {retry === undefined ? null : (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

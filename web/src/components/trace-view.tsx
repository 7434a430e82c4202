import { formatMs, formatUsd } from '../format.js';

interface TraceCandidate {
  deployment: string;
  score?: number;
  detail?: string;
  estimated_cost_usd?: number;
  estimated_latency_ms?: number;
  explore?: boolean;
  health?: { circuit?: string; error_rate?: number; in_flight?: number };
}

interface TraceGroup {
  group: string;
  strategy: string;
  selection?: string;
  category?: string;
  reason?: string;
  learned?: { score: number; threshold: number; choice: string };
  candidates: TraceCandidate[];
}

interface TraceAttempt {
  deployment: string;
  group: string;
  outcome: string;
  started_at_ms: number;
  duration_ms: number;
  hedge?: boolean;
  waited_ms?: number;
  error?: { code: string; status: number; message: string };
  note?: string;
}

interface Trace {
  groups?: TraceGroup[];
  filtered_out?: Array<{ deployment: string; group: string; reason: string }>;
  attempts?: TraceAttempt[];
  classifier?: Array<{ model: string; category?: string; outcome: string; cost_usd: number; latency_ms?: number }>;
}

function hasDetail(candidate: TraceCandidate): boolean {
  return candidate.score !== undefined || candidate.health !== undefined || candidate.estimated_cost_usd !== undefined;
}

/**
 * The routing decision trace (src/routing/explain.ts's JSON): each group with its strategy and ranked
 * candidates (score, estimates, health), what was filtered out and why, and every attempt. Read
 * defensively: it is stored data, and older rows may lack fields.
 */
export function TraceView({ trace }: { trace: unknown }) {
  if (trace === null || typeof trace !== 'object') {
    return (
      <p class="muted" data-testid="no-trace">
        No detailed trace was kept for this request: it was served by its first choice with nothing filtered, so the route reason above says it all.
        Requests with a failure, retry, fallback or filter keep their trace (and every request does with the <code>x-skyroute-debug</code> header).
      </p>
    );
  }
  const { groups = [], filtered_out: filtered = [], attempts = [], classifier = [] } = trace as Trace;
  return (
    <div class="trace" data-testid="trace">
      {classifier.map((call, index) => (
        <p key={`c${index}`}>
          Classifier <strong>{call.model}</strong>: {call.outcome}
          {call.category === undefined ? '' : ` → ${call.category}`} ({formatMs(call.latency_ms)}, {formatUsd(call.cost_usd)})
        </p>
      ))}
      {groups.map((group, index) => (
        <div key={`g${index}`} class="trace-group">
          <h3>
            Group <code>{group.group}</code> · {group.strategy}
            {group.category === undefined ? '' : ` · category ${group.category}`}
          </h3>
          {group.selection === undefined ? null : <p>Selected by: {group.selection}</p>}
          {group.learned === undefined ? null : (
            <p>
              Learned router: score {group.learned.score} against threshold {group.learned.threshold} → {group.learned.choice}
            </p>
          )}
          {group.reason === undefined ? null : <p>{group.reason}</p>}
          {!group.candidates.some(hasDetail) ? (
            <p>
              Candidates in order: {group.candidates.map((candidate) => candidate.deployment).join(', ')}.{' '}
              <span class="muted">(Scores, estimates and health are kept for requests sent with <code>x-skyroute-debug: 1</code>.)</span>
            </p>
          ) : (
          <div class="table-wrap">
            <table class="rows compact">
              <thead>
                <tr>
                  <th>#</th>
                  <th>Candidate</th>
                  <th class="num">Score</th>
                  <th class="num">Est. cost</th>
                  <th class="num">Est. latency</th>
                  <th>Circuit</th>
                  <th>Why</th>
                </tr>
              </thead>
              <tbody>
                {group.candidates.map((candidate, rank) => (
                  <tr key={candidate.deployment}>
                    <td>{rank + 1}</td>
                    <td>
                      {candidate.deployment}
                      {candidate.explore === true ? <span class="badge">explore</span> : null}
                    </td>
                    <td class="num">{candidate.score ?? '—'}</td>
                    <td class="num">{formatUsd(candidate.estimated_cost_usd)}</td>
                    <td class="num">{formatMs(candidate.estimated_latency_ms)}</td>
                    <td>{candidate.health?.circuit ?? '—'}</td>
                    <td>{candidate.detail ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          )}
        </div>
      ))}
      {filtered.length === 0 ? null : (
        <>
          <h3>Filtered out</h3>
          <ul data-testid="filtered">
            {filtered.map((item, index) => (
              <li key={`f${index}`}>
                <code>{item.deployment}</code> ({item.group}): {item.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Attempts</h3>
      <ol class="attempts" data-testid="attempts">
        {attempts.map((attempt, index) => (
          <li key={`a${index}`} class={attempt.outcome === 'ok' ? 'good' : attempt.outcome === 'error' ? 'bad' : ''}>
            <strong>{attempt.deployment}</strong> ({attempt.group}) — {attempt.outcome}
            {attempt.hedge === true ? ' (hedge)' : ''}, at +{formatMs(attempt.started_at_ms)} for {formatMs(attempt.duration_ms)}
            {attempt.waited_ms === undefined ? '' : `, after waiting ${formatMs(attempt.waited_ms)}`}
            {attempt.error === undefined ? null : (
              <div class="bad">
                <code>{attempt.error.code}</code> {attempt.error.status}: {attempt.error.message}
              </div>
            )}
            {attempt.note === undefined ? null : <div class="muted">{attempt.note}</div>}
          </li>
        ))}
      </ol>
    </div>
  );
}

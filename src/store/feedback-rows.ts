import type { RequestFeedbackTable } from './database-schema.js';
import type { FeedbackRecord } from './store-port.js';

export function feedbackToRow(feedback: FeedbackRecord): RequestFeedbackTable {
  return {
    id: feedback.id,
    request_id: feedback.requestId,
    at: feedback.at,
    key_id: feedback.keyId ?? null,
    score: feedback.score,
    label: feedback.label ?? null,
    model: feedback.model ?? null,
    deployment: feedback.deployment ?? null,
    category: feedback.category ?? null,
  };
}

export function feedbackFromRow(row: RequestFeedbackTable): FeedbackRecord {
  const feedback: FeedbackRecord = { id: row.id, requestId: row.request_id, at: row.at, score: row.score };
  // Absent, not undefined, like every optional field the store reads back.
  if (row.key_id !== null) feedback.keyId = row.key_id;
  if (row.label !== null) feedback.label = row.label;
  if (row.model !== null) feedback.model = row.model;
  if (row.deployment !== null) feedback.deployment = row.deployment;
  if (row.category !== null) feedback.category = row.category;
  return feedback;
}

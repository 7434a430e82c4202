import type { ComponentChildren } from 'preact';

/** What a page shows when there is nothing yet, and what to do about it. */
export function EmptyState({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <div class="empty" data-testid="empty-state">
      <h3>{title}</h3>
      <div>{children}</div>
    </div>
  );
}

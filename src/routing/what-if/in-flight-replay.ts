/**
 * Requests in flight per deployment during a replay in time order: each request the replay sends is
 * busy until its start plus its latency. What the least-busy strategy reads in a what-if (the router's
 * live in-flight counts say nothing about last week).
 */
export class InFlightReplay {
  /** Per deployment, a binary min-heap of the times its requests finish. */
  private readonly finishing = new Map<string, number[]>();

  /** Requests to `deployment` still running at `at` (those finishing at `at` or before are done). */
  count(deployment: string, at: number): number {
    const heap = this.finishing.get(deployment);
    if (heap === undefined) return 0;
    while (heap.length > 0 && heap[0]! <= at) popMinimum(heap);
    return heap.length;
  }

  start(deployment: string, at: number, latencyMs: number): void {
    let heap = this.finishing.get(deployment);
    if (heap === undefined) {
      heap = [];
      this.finishing.set(deployment, heap);
    }
    push(heap, at + Math.max(0, latencyMs));
  }
}

function push(heap: number[], value: number): void {
  heap.push(value);
  let index = heap.length - 1;
  while (index > 0) {
    const parent = (index - 1) >> 1;
    if (heap[parent]! <= value) break;
    heap[index] = heap[parent]!;
    index = parent;
  }
  heap[index] = value;
}

function popMinimum(heap: number[]): void {
  const last = heap.pop()!;
  if (heap.length === 0) return;
  let index = 0;
  for (;;) {
    const left = 2 * index + 1;
    if (left >= heap.length) break;
    const right = left + 1;
    const child = right < heap.length && heap[right]! < heap[left]! ? right : left;
    if (heap[child]! >= last) break;
    heap[index] = heap[child]!;
    index = child;
  }
  heap[index] = last;
}

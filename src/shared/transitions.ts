/**
 * What every transition table of src/shared (tasks, problems, forms, materials, inspections, opinions,
 * disclosure batches) has in common, and the one graph rule the unit tier checks them with.
 */
export interface TransitionEdge<S extends string = string, A extends string = string> {
  from: S;
  to: S;
  action: A;
  commentRequired: boolean;
}

/** The states reachable from the initial ones along the table's edges (the initial ones included). */
export function reachable<S>(initial: S | readonly S[], edges: ReadonlyArray<{ from: S; to: S }>): Set<S> {
  const seen = new Set<S>(Array.isArray(initial) ? (initial as readonly S[]) : [initial as S]);
  const todo = [...seen];
  while (todo.length) {
    const s = todo.pop()!;
    for (const e of edges)
      if (e.from === s && !seen.has(e.to)) {
        seen.add(e.to);
        todo.push(e.to);
      }
  }
  return seen;
}

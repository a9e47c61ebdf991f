/** Shapes shared by the supervision presenters. */

/** An instant as an ISO string (null stays null). */
export const iso = (d: Date | string | null): string | null =>
  d === null ? null : d instanceof Date ? d.toISOString() : String(d);

/** A jsonb column as the value it holds (the driver may hand back text). */
export const fromJson = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

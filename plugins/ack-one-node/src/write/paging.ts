/** Page size of the VPC and CEN Describe calls (their maximum is 50). */
export const PAGE_SIZE = 50;

/** Fetches every page of a PageNumber/PageSize list (at most 200 pages). */
export async function allPages<T>(
  fetchPage: (pageNumber: number) => Promise<{ items: T[]; total: number }>,
): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; page <= 200; page++) {
    const { items, total } = await fetchPage(page);
    out.push(...items);
    if (!items.length || page * PAGE_SIZE >= total) break;
  }
  return out;
}

/** Fetches every page of a NextToken/MaxResults list (at most 200 pages). */
export async function allTokenPages<T>(
  fetchPage: (
    nextToken: string | undefined,
  ) => Promise<{ items: T[]; nextToken?: string }>,
): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  for (let i = 0; i < 200; i++) {
    const { items, nextToken } = await fetchPage(token);
    out.push(...items);
    if (!nextToken || !items.length) break;
    token = nextToken;
  }
  return out;
}

export function str(v: unknown): string | undefined {
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' && v ? v : undefined;
}

export function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : Number(v);
  return typeof v !== 'boolean' && v !== '' && v !== null && Number.isFinite(n)
    ? n
    : undefined;
}

export function arr<T = any>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

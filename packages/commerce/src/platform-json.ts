import { badResponse, isRecord } from './platform-request';

/**
 * A reader over one platform JSON object: each accessor checks the field's type and throws a
 * 'bad_response' `OrderSourceError` naming the field when the platform sent something else, so an
 * API change surfaces as a clear failure rather than as a wrong answer to a shopper.
 */
export class PlatformJson {
  private constructor(
    private readonly platform: string,
    private readonly path: string,
    readonly raw: Record<string, unknown>,
  ) {}

  static of(platform: string, value: unknown, path = 'body'): PlatformJson {
    if (!isRecord(value)) throw badResponse(platform, `${path} is not an object`);
    return new PlatformJson(platform, path, value);
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined && this.raw[key] !== null;
  }

  string(key: string): string {
    const value = this.raw[key];
    if (typeof value === 'number') return String(value);
    if (typeof value !== 'string') throw badResponse(this.platform, `${this.path}.${key} is not a string`);
    return value;
  }

  optionalString(key: string): string | null {
    const value = this.raw[key];
    if (value === undefined || value === null || value === '') return null;
    return this.string(key);
  }

  number(key: string): number {
    const value = this.raw[key];
    const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof parsed !== 'number' || !Number.isFinite(parsed)) throw badResponse(this.platform, `${this.path}.${key} is not a number`);
    return parsed;
  }

  object(key: string): PlatformJson {
    return PlatformJson.of(this.platform, this.raw[key], `${this.path}.${key}`);
  }

  optionalObject(key: string): PlatformJson | null {
    return this.has(key) ? this.object(key) : null;
  }

  /** An array of objects; a missing or null array reads as empty only when `optional`. */
  objects(key: string, optional = false): PlatformJson[] {
    const value = this.raw[key];
    if (optional && (value === undefined || value === null)) return [];
    if (!Array.isArray(value)) throw badResponse(this.platform, `${this.path}.${key} is not an array`);
    return value.map((item, i) => PlatformJson.of(this.platform, item, `${this.path}.${key}[${i}]`));
  }

  strings(key: string, optional = false): string[] {
    const value = this.raw[key];
    if (optional && (value === undefined || value === null)) return [];
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw badResponse(this.platform, `${this.path}.${key} is not a list of strings`);
    return value as string[];
  }

  /** A GraphQL connection's nodes, read from `edges[].node` (or `nodes[]`). */
  connection(key: string): { nodes: PlatformJson[]; hasNextPage: boolean; endCursor: string | null } {
    const conn = this.object(key);
    const nodes = conn.has('nodes') ? conn.objects('nodes') : conn.objects('edges').map((edge) => edge.object('node'));
    const pageInfo = conn.optionalObject('pageInfo');
    return { nodes, hasNextPage: pageInfo?.raw.hasNextPage === true, endCursor: pageInfo?.optionalString('endCursor') ?? null };
  }
}

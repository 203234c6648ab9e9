import { parseDocument } from 'yaml';
import { errors, KubeError, statusObject } from './status';
import type { ResourceType } from './resources';
import type { Schema } from './schema';
import { unknownFields } from './ssa/typed';

/**
 * Server-side field validation (the `fieldValidation` query parameter):
 * `Strict` fails a write that has unknown or duplicate fields with 400,
 * `Warn` (the default) drops them and says so in `Warning` headers,
 * `Ignore` drops them silently. Unknown means not declared in the schema
 * of the kind; custom resources without a structural schema accept
 * everything.
 */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export function parseFieldValidation(v: string | null): FieldValidation {
  if (v === null || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw errors.badRequest(
    `fieldValidation: Unsupported value: "${v}": supported values: "Ignore", "Strict", "Warn"`,
  );
}

/** Warnings of a request, sent as `Warning: 299 - "<text>"` headers. */
export type Warnings = string[];

/** Duplicate keys of a JSON document, as `spec.paused`. */
export function duplicateJsonFields(text: string): string[] {
  const dups: string[] = [];
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    try {
      return JSON.parse(text.slice(start, i));
    } catch {
      return text.slice(start + 1, i - 1);
    }
  };
  const value = (path: string): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const seen = new Set<string>();
      for (ws(); i < text.length && text[i] !== '}'; ws()) {
        if (text[i] === ',') {
          i++;
          continue;
        }
        const key = str();
        const p = path ? `${path}.${key}` : key;
        if (seen.has(key)) dups.push(p);
        seen.add(key);
        ws();
        i++; // ':'
        value(p);
      }
      i++;
    } else if (c === '[') {
      i++;
      let n = 0;
      for (ws(); i < text.length && text[i] !== ']'; ws()) {
        if (text[i] === ',') {
          i++;
          continue;
        }
        value(`${path}[${n++}]`);
      }
      i++;
    } else if (c === '"') str();
    else while (i < text.length && !/[\s,}\]]/.test(text[i])) i++;
  };
  value('');
  return dups;
}

/** `line N: key "x" already set in map` for each duplicate key of a YAML document. */
export function duplicateYamlKeys(text: string): string[] {
  const doc = parseDocument(text, { uniqueKeys: true });
  const lines = text.split('\n');
  return doc.errors
    .filter(e => e.code === 'DUPLICATE_KEY' && e.linePos)
    .map(e => {
      const { line, col } = e.linePos![0];
      const rest = (lines[line - 1] ?? '').slice(col - 1);
      const key = /^["']?([^"':]*)/.exec(rest)?.[1] ?? '';
      return `line ${line}: key "${key}" already set in map`;
    });
}

function strictError(t: ResourceType, problems: string[]): KubeError {
  return new KubeError(
    statusObject(
      400,
      'BadRequest',
      `${t.kind} in version "${t.version}" cannot be handled as a ${t.kind}: strict decoding error: ${problems.join(', ')}`,
    ),
  );
}

/**
 * Checks a decoded JSON object (a created or updated object, or the result
 * of a patch) for unknown fields, and its request body for duplicate
 * fields. Unknown fields are removed unless the request fails.
 */
export function validateFields(
  t: ResourceType,
  schema: Schema,
  obj: unknown,
  rawJson: string | undefined,
  directive: FieldValidation,
): Warnings {
  if (directive === 'Ignore') {
    unknownFields(obj, schema, true);
    return [];
  }
  const dups = rawJson ? duplicateJsonFields(rawJson) : [];
  const unknown = unknownFields(obj, schema, directive !== 'Strict');
  const problems = [
    ...dups.map(d => `duplicate field "${d}"`),
    ...unknown.map(u => `unknown field "${u}"`),
  ];
  if (directive === 'Strict' && problems.length)
    throw strictError(t, problems);
  return problems;
}

/** Duplicate keys of an apply configuration (YAML). */
export function validateApplyYaml(
  raw: string,
  directive: FieldValidation,
): Warnings {
  if (directive === 'Ignore') return [];
  const dups = duplicateYamlKeys(raw);
  if (directive === 'Strict' && dups.length) {
    throw errors.badRequest(
      `error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n  ${dups.join('\n  ')}`,
    );
  }
  return dups;
}

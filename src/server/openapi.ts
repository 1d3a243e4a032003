/**
 * The API as an OpenAPI 3.1 document, written from the route table (src/contract/api.ts): each endpoint's
 * parameters, body and answer from its zod schemas (JSON Schema 2020-12, as OpenAPI 3.1 takes it), and each
 * error code it may answer under its HTTP status. Served at /api/openapi.json for third-party tools and the
 * party's own scripts.
 */
import { z } from 'zod';
import { ERROR_CATALOGUE, type ErrorCode } from '../contract/errors.ts';
import { allErrors, type Endpoint, type Endpoints } from '../contract/http.ts';
import { SESSION_COOKIE } from './auth.ts';

type Json = Record<string, unknown>;

const schemaOf = (s: z.ZodType, io: 'input' | 'output'): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Json;
  return rest;
};

/** Path and query parameters from an object schema's properties. */
function parameters(s: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
  if (!s) return [];
  const json = schemaOf(s, 'input');
  const props = (json.properties ?? {}) as Record<string, Json>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(props).map(([name, schema]) => ({
    name,
    in: where,
    required: where === 'path' || (required.has(name) && !('default' in schema)),
    schema,
  }));
}

const errorSchema = (codes: ErrorCode[]): Json => ({
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: codes },
        message: { type: 'string', description: 'For people; in English' },
        issues: {
          type: 'array',
          items: {
            type: 'object',
            required: ['field', 'message'],
            properties: {
              field: { type: 'string' },
              message: { type: 'string' },
              line: { type: 'integer', description: 'The line of an uploaded file' },
            },
          },
        },
        retryAt: {
          type: 'string',
          format: 'date-time',
          description: 'When a refusal that waits ends (sign-in budgets): show it in the reader’s zone',
        },
      },
    },
  },
});

function requestBody(e: Endpoint): Json | undefined {
  if (e.body)
    return { required: true, content: { 'application/json': { schema: schemaOf(e.body, 'input') } } };
  if (e.upload === 'text')
    return {
      required: true,
      content: { 'text/csv': { schema: { type: 'string' } }, 'text/plain': { schema: { type: 'string' } } },
    };
  if (e.upload === 'multipart')
    return { required: true, content: { 'multipart/form-data': { schema: { type: 'object' } } } };
  return undefined;
}

function operation(group: string, name: string, e: Endpoint): Json {
  const status = e.raw?.kind === 'empty' ? 204 : (e.status ?? 200);
  const success: Json = e.response
    ? { description: 'Done', content: { 'application/json': { schema: schemaOf(e.response, 'output') } } }
    : e.raw?.kind === 'empty'
      ? { description: 'Done; no content' }
      : {
          description: e.raw?.kind === 'stream' ? 'An event stream' : 'A file',
          content: { [e.raw?.type ?? 'application/octet-stream']: {} },
        };
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of allErrors(e).sort()) {
    const s = ERROR_CATALOGUE[code];
    byStatus.set(s, [...(byStatus.get(s) ?? []), code]);
  }
  const responses: Json = { [String(status)]: success };
  for (const [s, codes] of [...byStatus].sort((a, b) => a[0] - b[0]))
    responses[String(s)] = {
      description: codes.join(', '),
      content: { 'application/json': { schema: errorSchema(codes) } },
    };
  const body = requestBody(e);
  return {
    operationId: `${group}.${name}`,
    summary: e.summary,
    tags: [group],
    parameters: [...parameters(e.params, 'path'), ...parameters(e.query, 'query')],
    ...(body ? { requestBody: body } : {}),
    responses,
    ...(e.access === 'member' ? { security: [{ session: [] }] } : {}),
  };
}

/** The document for `table` (the route table, or part of it). */
export function openApiDocument(table: Readonly<Record<string, Endpoints>>, version: string): Json {
  const paths: Record<string, Json> = {};
  for (const [group, endpoints] of Object.entries(table))
    for (const [name, e] of Object.entries(endpoints)) {
      const path = e.path.replace(/:([A-Za-z]+)/g, '{$1}');
      paths[path] = { ...paths[path], [e.method.toLowerCase()]: operation(group, name, e) };
    }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Broadchurch API',
      version,
      description:
        'The members’ platform’s API. Every error answers `{ error: { code, message, issues? } }`; each ' +
        'operation lists the codes it may answer. State-changing requests from another origin are refused.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } },
    },
    tags: Object.keys(table).map((name) => ({ name })),
    paths,
  };
}

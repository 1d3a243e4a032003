import { describe, expect, it } from 'vitest';
import { API } from '../contract/api.ts';
import { allErrors, type Endpoints } from '../contract/http.ts';
import { openApiDocument } from './openapi.ts';

interface Schema {
  properties?: Record<string, unknown> & {
    error?: { properties: { code: { enum: string[] } } };
  };
}
interface Operation {
  operationId: string;
  parameters: { name: string; in: string; required: boolean }[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  security?: unknown[];
}
interface Doc {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}

describe('the OpenAPI document', () => {
  const doc = openApiDocument(API, '1') as unknown as Doc;
  const operations = Object.values(doc.paths).flatMap((p) => Object.values(p));
  const table: Record<string, Endpoints> = API;

  it('has every endpoint of the route table once, under its path and method', () => {
    const endpoints = Object.entries(table).flatMap(([g, es]) =>
      Object.entries(es).map(([n, e]) => ({ g, n, e })),
    );
    expect(doc.openapi).toBe('3.1.0');
    expect(operations).toHaveLength(endpoints.length);
    for (const { g, n, e } of endpoints) {
      const op = doc.paths[e.path.replace(/:([A-Za-z]+)/g, '{$1}')]?.[e.method.toLowerCase()];
      expect(op?.operationId, `${g}.${n}`).toBe(`${g}.${n}`);
    }
  });

  it('names path parameters, and lists each error code an endpoint may answer under its status', () => {
    const vote = doc.paths['/api/ballots/{id}/votes']?.post;
    expect(vote?.parameters).toContainEqual(
      expect.objectContaining({ name: 'id', in: 'path', required: true }),
    );
    expect(vote?.security).toEqual([{ session: [] }]);
    const conflict = vote?.responses['409']?.content?.['application/json']?.schema;
    expect(conflict?.properties?.error?.properties.code.enum.sort()).toEqual([
      'ALREADY_VOTED',
      'BALLOT_CLOSED',
    ]);
    const codes = Object.values(vote?.responses ?? {}).flatMap(
      (r) => r.content?.['application/json']?.schema?.properties?.error?.properties.code.enum ?? [],
    );
    expect(codes.sort()).toEqual(allErrors(API.ballots.vote).sort());
  });

  it('describes bodies from their schemas: JSON fields, and files as text/csv', () => {
    const body = doc.paths['/api/conversations']?.post?.requestBody?.content['application/json']?.schema;
    expect(Object.keys(body?.properties ?? {})).toEqual(
      expect.arrayContaining(['branchId', 'title', 'question']),
    );
    expect(Object.keys(doc.paths['/api/pulse/import/{kind}']?.post?.requestBody?.content ?? {})).toContain(
      'text/csv',
    );
    expect(doc.paths['/api/health']?.get?.security).toBeUndefined();
  });
});

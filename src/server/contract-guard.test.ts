import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkRouteContract } from './contract-guard.ts';

function app() {
  const a = Fastify().withTypeProvider<ZodTypeProvider>();
  a.setValidatorCompiler(validatorCompiler);
  a.setSerializerCompiler(serializerCompiler);
  a.addHook('onRoute', checkRouteContract);
  return a;
}

describe('every API route is in the contract', () => {
  it('a route with no response schema, and no reason, stops the server starting', () => {
    expect(() => app().get('/api/forgotten', () => ({ secret: 1 }))).toThrow(
      'GET /api/forgotten has no response schema',
    );
  });

  it('a route with path parameters must check them', () => {
    expect(() =>
      app().get('/api/things/:id', { schema: { response: { 200: z.object({}) } } }, () => ({})),
    ).toThrow('has path parameters but no params schema');
  });

  it('a download, a stream or an empty answer says so instead', () => {
    const a = app();
    expect(() => a.get('/api/file.pdf', { config: { raw: 'download' } }, () => 'x')).not.toThrow();
    expect(() => a.get('/health', () => ({}))).not.toThrow();
  });

  it('only the fields the contract lists leave the server', async () => {
    const a = app();
    a.get(
      '/api/member',
      { schema: { response: { 200: z.object({ id: z.string(), name: z.string() }) } } },
      // A field a service added by mistake (here, an email) is dropped by the serialiser.
      () => ({ id: 'm1', name: 'Ada', email: 'ada@example.org' }) as { id: string; name: string },
    );
    const res = await a.inject({ method: 'GET', url: '/api/member' });
    expect(res.json()).toEqual({ id: 'm1', name: 'Ada' });
  });

  it('an answer that breaks the contract is a server error, not a leak', async () => {
    const a = app();
    a.get(
      '/api/count',
      { schema: { response: { 200: z.object({ n: z.number() }) } } },
      () => ({ n: 'not a number' }) as unknown as { n: number },
    );
    const res = await a.inject({ method: 'GET', url: '/api/count' });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('not a number');
  });
});

/**
 * The platform's own endpoints: liveness and readiness, what the sign-in page may say, this API's OpenAPI
 * document, the sign-in endpoints of Better Auth that the app uses (each passed on to it behind our budgets),
 * and the development mail outbox (registered only on a developer's own machine).
 */
import { z } from 'zod';
import { endpoint } from './http.ts';
import { outbox } from './members.ts';
import { failingJobs, health, instance, jobParams, jobRetried, ready } from './platform.ts';

const ok = z.object({ ok: z.literal(true) });
const json = { kind: 'download', type: 'application/json' } as const;

export const platformApi = {
  health: endpoint({
    method: 'GET',
    path: '/api/health',
    summary: 'Liveness: the process answers',
    access: 'public',
    response: health,
    errors: [],
  }),
  ready: endpoint({
    method: 'GET',
    path: '/api/ready',
    summary: 'Readiness: the process reaches its database (503 with Retry-After when it cannot)',
    access: 'public',
    response: ready,
    errors: [],
  }),
  instance: endpoint({
    method: 'GET',
    path: '/api/instance',
    summary: 'What the sign-in page may say about this instance',
    access: 'public',
    response: instance,
    errors: [],
  }),
  failingJobs: endpoint({
    method: 'GET',
    path: '/api/jobs/failing',
    summary: 'Background jobs that have failed, retrying or given up (national admins)',
    access: 'member',
    response: failingJobs,
    errors: ['FORBIDDEN'],
  }),
  retryJob: endpoint({
    method: 'POST',
    path: '/api/jobs/:id/retry',
    summary: 'Try a failed background job again now (national admins)',
    access: 'member',
    params: jobParams,
    response: jobRetried,
    errors: ['FORBIDDEN', 'NOT_FOUND'],
  }),
  openapi: endpoint({
    method: 'GET',
    path: '/api/openapi.json',
    summary: 'This document: the API as OpenAPI 3.1, written from the route table',
    access: 'public',
    raw: json,
    errors: [],
  }),
};

/** As Better Auth takes it (it does its own lower-casing). */
const email = z.string().trim().max(254).pipe(z.email('is not an email address'));
export const sendCodeBody = z.object({ email, type: z.literal('sign-in') });
export const signInBody = z.object({
  email,
  otp: z.string().regex(/^\d{6}$/, 'must be the six digits of the code'),
});

/** Better Auth's endpoints that the app uses, and only those; every other /api/auth URL answers 404. */
export const authApi = {
  sendCode: endpoint({
    method: 'POST',
    path: '/api/auth/email-otp/send-verification-otp',
    summary: 'Mail a six-digit sign-in code (within the address’s and the email’s budgets)',
    access: 'public',
    body: sendCodeBody,
    raw: json,
    errors: ['SIGN_IN_PAUSED'],
  }),
  signIn: endpoint({
    method: 'POST',
    path: '/api/auth/sign-in/email-otp',
    summary: 'Sign in with an emailed code; the session travels only in its cookie',
    access: 'public',
    body: signInBody,
    response: ok,
    errors: ['UNAUTHENTICATED', 'SIGN_IN_PAUSED', 'FORBIDDEN', 'NOT_FOUND'],
  }),
  passkeyOptions: endpoint({
    method: 'GET',
    path: '/api/auth/passkey/generate-authenticate-options',
    summary: 'A passkey challenge to sign in with',
    access: 'public',
    raw: json,
    errors: ['UNAUTHENTICATED'],
  }),
  passkeySignIn: endpoint({
    method: 'POST',
    path: '/api/auth/passkey/verify-authentication',
    summary: 'Sign in with a passkey',
    access: 'public',
    response: ok,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  }),
  passkeyRegisterOptions: endpoint({
    method: 'GET',
    path: '/api/auth/passkey/generate-register-options',
    summary: 'A challenge to add a passkey to the signed-in member',
    access: 'public',
    raw: json,
    errors: ['UNAUTHENTICATED'],
  }),
  passkeyRegister: endpoint({
    method: 'POST',
    path: '/api/auth/passkey/verify-registration',
    summary: 'Add a passkey to the signed-in member',
    access: 'public',
    response: ok,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  }),
  signOut: endpoint({
    method: 'POST',
    path: '/api/auth/sign-out',
    summary: 'End the session',
    access: 'public',
    raw: json,
    errors: ['UNAUTHENTICATED'],
  }),
};

export const outboxQuery = z.strictObject({ to: z.string().trim().toLowerCase().max(254).optional() });

/** Only on a developer's own machine (loopback, not production, MAIL_TRANSPORT=outbox). */
export const devApi = {
  outbox: endpoint({
    method: 'GET',
    path: '/api/dev/outbox',
    summary: 'The development mail outbox: what would have been sent (loopback only)',
    access: 'public',
    query: outboxQuery,
    response: outbox,
    errors: ['NOT_FOUND'],
  }),
};

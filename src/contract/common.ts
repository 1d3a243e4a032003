/**
 * The building blocks of the API contract: values every part of the API checks the same way.
 */
import { z } from 'zod';

export const name = z.string().trim().min(1, 'is required').max(120, 'must be at most 120 characters');
export const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('must be an email address').max(254, 'must be at most 254 characters'));
export const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{6,20}$/, 'must be a phone number of digits, spaces and + ( ) -');
export const uuid = z.uuid('must be an id');

/** Something named, referred to by its id: a branch, a conversation, a manifesto. */
export const ref = z.object({ id: z.string(), name: z.string() });
/** A time in a response: ISO 8601, UTC. */
export const time = z.string();

/** What was wrong with one field of a request (and on which line, for a file). */
export const fieldIssue = z.object({ field: z.string(), message: z.string(), line: z.number().optional() });
export type FieldIssue = z.infer<typeof fieldIssue>;
/** The body of every error response: a stable code, a message for people, and the fields at fault. */
export const apiError = z.object({
  error: z.object({ code: z.string(), message: z.string(), issues: z.array(fieldIssue).optional() }),
});
export type ApiError = z.infer<typeof apiError>;

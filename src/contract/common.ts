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

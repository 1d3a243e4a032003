/**
 * The English message catalogue, in ICU MessageFormat: each message whole, its placeholders named, plurals
 * and rich parts (<b>, <link>) inside the message. Every key here must be in cy.ts too (the types say so).
 */
import { enApp } from './en-app.ts';
import { enMembers } from './en-members.ts';

export const en = { ...enApp, ...enMembers } as const satisfies Record<string, string>;

export type MessageKey = keyof typeof en;

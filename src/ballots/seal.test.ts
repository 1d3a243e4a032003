/**
 * Receipts as voters read them: no look-alike characters (l/I/1, O/0), read back whatever the case, the
 * hyphens or a misread letter, and always to the same canonical form the seal, the box's tag and the
 * counted hash are made from; receipts of the earlier form still read.
 */
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalReceipt, newReceipt, openPaper, sealPaper } from './seal.ts';

describe('receipts', () => {
  it('are shown without look-alike characters, in groups of five', () => {
    for (let i = 0; i < 500; i++) {
      const { shown } = newReceipt();
      expect(shown).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}-[0-9A-HJKMNP-TV-Z]$/);
      expect(shown).not.toMatch(/[ILOU]/);
    }
  });

  it('read back to the canonical form however they are typed', () => {
    for (let i = 0; i < 200; i++) {
      const { shown, canonical } = newReceipt();
      expect(canonicalReceipt(shown)).toBe(canonical);
      expect(canonicalReceipt(shown.toLowerCase().replaceAll('-', ' '))).toBe(canonical);
      expect(canonicalReceipt(shown.replaceAll('-', ''))).toBe(canonical);
      // A 1 read as l or I, a 0 read as O: the same receipt.
      expect(canonicalReceipt(shown.replaceAll('1', 'l').replaceAll('0', 'O'))).toBe(canonical);
    }
  });

  it('the canonical form is the one sealed in the paper, so a counted paper’s receipt matches the voter’s', () => {
    const key = crypto.randomBytes(32);
    const { shown, canonical } = newReceipt();
    const opened = openPaper(
      key,
      ['document'],
      sealPaper(key, ['document'], canonical, { document: 'approve' }),
    );
    expect(opened.receipt).toBe(canonicalReceipt(shown));
  });

  it('reads receipts of the earlier form, and refuses what is no receipt', () => {
    const earlier = crypto.randomBytes(16).toString('base64url');
    expect(canonicalReceipt(earlier)).toBe(earlier);
    for (const bad of ['', 'hello', 'U'.repeat(26), `${newReceipt().shown}X`, 'Z'.repeat(26), `${earlier}=`])
      expect(canonicalReceipt(bad)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { MAIL_ONLY_KINDS } from '../contract/vocabulary.ts';
import { messageFor, whenText } from './messages.ts';

describe('mail text', () => {
  it('every mail that answers something done says it in both languages, every placeholder filled', () => {
    const params = {
      title: 'T',
      reason: 'R',
      meetingPoint: 'M',
      name: 'N',
      closesAt: '2026-12-08T15:30:00.000Z',
      startsAt: '2026-12-08T15:30:00.000Z',
    };
    for (const kind of MAIL_ONLY_KINDS)
      for (const lang of ['en', 'cy'] as const) {
        const { title, body } = messageFor(kind, params, lang);
        expect(title.length, `${kind} ${lang}`).toBeGreaterThan(0);
        expect(body.length, `${kind} ${lang}`).toBeGreaterThan(0);
        expect(`${title} ${body}`, `${kind} ${lang}`).not.toMatch(/[{}]/);
      }
  });

  it('the warning that sign-in is paused says until when, in UK time', () => {
    const until = '2026-12-08T15:30:00.000Z';
    for (const lang of ['en', 'cy'] as const) {
      const { body } = messageFor('sign_in_paused', { closesAt: until }, lang);
      expect(body).toContain(whenText(until, lang));
      expect(body).toContain('15:30');
    }
  });
});

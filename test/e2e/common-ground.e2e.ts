/**
 * Journey: a member votes through 10 statements by keyboard, posts a statement and sees the map move; a
 * moderator accepts the statement; the report shows the common ground. Runs on the demo conversation.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { DEMO_ADMIN_EMAIL, demoMemberEmail } from '../../src/demo/index.ts';
import { launch, signedIn, goTo } from './pages.ts';
import { check, noSidewaysScroll, SIZES } from './axe.ts';

let browser: Browser;
const baseUrl = inject('baseUrl');

beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

const signedInAs = (email: string) => signedIn(browser, baseUrl, email);

const STATEMENT = 'Every railway station should have step-free access by 2030.';

describe('Common Ground, in Chromium', () => {
  it('a member votes by keyboard and posts; a moderator accepts; the report shows the common ground', async () => {
    const member = await signedInAs(demoMemberEmail(21));
    const { page } = member;
    expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(false);
    await goTo(page, 'Common Ground');
    await page.getByRole('link', { name: /What should our manifesto put first/ }).click();
    const progress = page.getByTestId('progress');
    await progress.getByText(/^0 of \d+$/).waitFor();
    const map = page.getByTestId('opinion-map');
    await map.waitFor();
    const versionBefore = Number(await map.getAttribute('data-version'));
    expect(await page.getByTestId('me-on-map').count()).toBe(0);

    const keys = ['a', 'd', 'a', 'p', 'a', 'a', 'd', 'a', 'p', 'a'];
    for (const [i, key] of keys.entries()) {
      await page.getByTestId('statement-card').waitFor();
      await page
        .getByRole('button', { name: /^Agree/ })
        .and(page.locator(':enabled'))
        .waitFor();
      await page.keyboard.press(key);
      await progress.getByText(new RegExp(`^${i + 1} of \\d+$`)).waitFor();
    }
    // Undo the last vote by keyboard, then vote again.
    await page.getByRole('button', { name: 'Undo (U)' }).waitFor();
    await page.keyboard.press('u');
    await progress.getByText(/^9 of \d+$/).waitFor();
    await page
      .getByRole('button', { name: /^Agree/ })
      .and(page.locator(':enabled'))
      .waitFor();
    await page.keyboard.press('a');
    await progress.getByText(/^10 of \d+$/).waitFor();
    // After a vote the next card has the focus: one Tab reaches Agree.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('statement-card');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^Agree/);
    expect(
      await page
        .getByRole('button', { name: /^Agree/ })
        .locator('kbd')
        .isVisible(),
    ).toBe(true);
    // The map explains itself, and says how many it could not place. Both are read from one moment of the
    // page: a live update may move the map between two reads.
    const { caption, notPlaced } = await page.evaluate(() => ({
      caption: document.querySelector('figcaption')?.textContent ?? '',
      notPlaced: document.querySelector('[data-testid="not-placed"]')?.textContent ?? null,
    }));
    const [, placed, participants] = /(\d+) of (\d+) participants placed/.exec(caption) ?? [];
    expect(Number(participants)).toBeGreaterThan(0);
    expect(caption).toContain('they are not left and right');
    const unplaced = Number(participants) - Number(placed);
    expect(notPlaced).toBe(
      unplaced > 0
        ? `${unplaced} ${unplaced === 1 ? 'has' : 'have'} voted on too few statements to place.`
        : null,
    );
    await check(page, 'common-ground-conversation-phone');

    await page.getByLabel(/Say one thing, plainly/).fill(STATEMENT);
    await page.getByRole('button', { name: 'Post statement' }).click();
    await page.getByText('Sent to the moderators').waitFor();
    await page.getByTestId('my-statement').filter({ hasText: 'waiting for a moderator' }).waitFor();

    // The map moves: a new analysis arrives by SSE and places this member on it.
    await page.getByTestId('me-on-map').waitFor({ timeout: 15_000 });
    expect(Number(await map.getAttribute('data-version'))).toBeGreaterThan(versionBefore);
    // How sure it is: each group's size as a range, the member's own group with its probability, and the
    // stability of the number of groups.
    expect(await page.getByTestId('me-sure').innerText()).toMatch(
      /^You (are in Group [A-H], \d+% sure|sit between groups: Group [A-H] is only \d+% likely)\.$/,
    );
    expect(await page.getByTestId('sureness').innerText()).toMatch(
      /^The same number of groups in \d+% of resamples of the participants; on average \d+% sure of each person’s group\.$/,
    );
    expect(await page.getByText(/^Group [A-H] · \d+–\d+ people$/).count()).toBeGreaterThan(0);

    const moderator = await signedInAs(DEMO_ADMIN_EMAIL);
    const mod = moderator.page;
    await goTo(mod, 'Common Ground');
    await mod.getByRole('link', { name: /What should our manifesto put first/ }).click();
    await mod.getByRole('link', { name: 'Moderate' }).click();
    const item = mod.getByTestId('queue-item').filter({ hasText: STATEMENT });
    // A reason begun and then not used: accepting neither records it nor keeps it for the next decision.
    await mod.getByLabel(/^Reason/).fill('Off topic');
    await item.getByRole('button', { name: 'Accept' }).click();
    await mod.getByText('1 statement accepted.').waitFor();
    expect(await mod.getByLabel(/^Reason/).inputValue()).toBe('');
    const logged = mod.getByRole('row').filter({ hasText: STATEMENT });
    await logged.first().waitFor();
    expect(await logged.first().innerText()).not.toContain('Off topic');
    await check(mod, 'common-ground-moderate-phone');
    await mod.getByRole('tab', { name: 'Accepted' }).click();
    await mod.getByTestId('queue-item').filter({ hasText: STATEMENT }).waitFor();
    await moderator.context.close();

    await page.reload();
    await page.getByTestId('my-statement').filter({ hasText: 'accepted' }).waitFor();

    await page.getByRole('link', { name: 'Report' }).click();
    const common = page.getByTestId('common-ground');
    await common.waitFor();
    const items = await common
      .getByRole('listitem')
      .filter({ has: page.getByRole('list') })
      .allInnerTexts();
    expect(items.length).toBeGreaterThanOrEqual(3);
    expect(items.join('\n')).toContain('Every child should have a good school within walking distance.');
    // It opens with a summary written from its numbers, each sentence quoting a statement.
    const summary = page.getByTestId('summary');
    await summary.getByRole('heading', { name: 'In short' }).waitFor({ timeout: 90_000 });
    const sentences = await summary.getByRole('listitem').allInnerTexts();
    expect(sentences.some((s) => /^Every group agrees that “.+” \(\d+–\d+% of each group\)\.$/.test(s))).toBe(
      true,
    );
    expect(
      sentences.some((s) =>
        /^\d+% of Group [A-H] (agree|disagree) with “.+”, which sets them apart\.$/.test(s),
      ),
    ).toBe(true);
    await check(page, 'common-ground-report-phone');
    expect(items.join('\n')).not.toContain(
      'Water, rail and energy should be brought back into public ownership.',
    );
    await member.context.close();
  });
});

describe('how sure the map is, in Chromium', () => {
  it('a new conversation with a few voters shows grey dots and says its groups are not yet reliable', async () => {
    const admin = await signedIn(browser, baseUrl, DEMO_ADMIN_EMAIL, null);
    const me = (await (await admin.page.request.get(`${baseUrl}/api/me`)).json()) as {
      roles: { role: string; branch: { id: string } }[];
    };
    const seeds = Array.from({ length: 8 }, (_, i) => `Bus route ${i + 1} should run every ten minutes.`);
    const made = await admin.page.request.post(`${baseUrl}/api/conversations`, {
      data: {
        branchId: me.roles.find((r) => r.role === 'admin')?.branch.id,
        title: 'Buses, early days',
        question: 'Which bus routes matter most?',
        seedStatements: seeds,
      },
      headers: { origin: baseUrl },
    });
    expect(made.status()).toBe(201);
    const id = ((await made.json()) as { id: string }).id;
    await admin.context.close();
    // Three members vote on every statement (through the API the page calls): too few for groups.
    for (const n of [31, 32, 33]) {
      const voter = await signedIn(browser, baseUrl, demoMemberEmail(n), null);
      for (let i = 0; ; i++) {
        const next = (await (
          await voter.page.request.get(`${baseUrl}/api/conversations/${id}/next`)
        ).json()) as { statement: { id: string } | null };
        if (!next.statement) break;
        const voted = await voter.page.request.post(`${baseUrl}/api/conversations/${id}/votes`, {
          data: { statementId: next.statement.id, value: (i + n) % 3 === 0 ? -1 : 1 },
          headers: { origin: baseUrl },
        });
        expect(voted.status()).toBe(200);
      }
      await voter.context.close();
    }
    for (const [size, viewport] of Object.entries(SIZES)) {
      const { context, page } = await signedIn(browser, baseUrl, demoMemberEmail(31), viewport);
      await page.goto(`${baseUrl}/conversations/${id}`);
      const note = page.getByTestId('not-reliable');
      await note.waitFor({ timeout: 30_000 });
      expect(await note.innerText()).toContain('These groups are not yet reliable');
      expect(await note.locator('[data-reason="few-participants"]').innerText()).toBe(
        'Too few people have voted yet to show groups.',
      );
      // No group colours while the groups are unreliable: every dot grey, filled or hollow.
      const colours = await page
        .getByTestId('opinion-map')
        .locator('circle')
        .evaluateAll((cs) => cs.map((c) => c.getAttribute('fill') ?? ''));
      const dots = colours.filter((c) => c !== 'none' && c !== 'white');
      expect(dots.length).toBeGreaterThan(0);
      expect(new Set(dots)).toEqual(new Set(['#8a8580']));
      // One group (of "others") has no stability or membership to speak of.
      expect(await page.getByTestId('sureness').count()).toBe(0);
      expect(await page.getByTestId('me-sure').count()).toBe(0);
      // Once the refit after the last votes arrives (an earlier fit saw only the first voter's first votes).
      await expect
        .poll(() => note.locator('li').allInnerTexts(), { timeout: 30_000 })
        .toEqual(['Too few people have voted yet to show groups.']);
      expect(await noSidewaysScroll(page)).toBe(0);
      await check(page, `map-not-reliable-${size}`);
      // The report says so too, before anything it says of the groups.
      await page.getByRole('link', { name: 'Report' }).click();
      await page.getByRole('heading', { name: 'Report: Buses, early days' }).waitFor();
      await page
        .getByTestId('not-reliable')
        .getByText('Too few people have voted yet to show groups.')
        .waitFor();
      await check(page, `report-not-reliable-${size}`);
      await context.close();
    }
  });
});

describe('a conversation by share link, in Chromium', () => {
  it('a visitor with the link votes and reads the report without signing in; a bad link says so', async () => {
    const admin = await signedIn(browser, baseUrl, DEMO_ADMIN_EMAIL, null);
    const me = (await (await admin.page.request.get(`${baseUrl}/api/me`)).json()) as {
      roles: { role: string; branch: { id: string } }[];
    };
    const made = await admin.page.request.post(`${baseUrl}/api/conversations`, {
      data: {
        branchId: me.roles.find((r) => r.role === 'admin')?.branch.id,
        title: 'Town centre by link',
        question: 'What would bring you into the town centre?',
        access: 'link',
        seedStatements: ['Free parking on Saturdays.', 'A weekly market in the square.'],
      },
      headers: { origin: baseUrl },
    });
    expect(made.status()).toBe(201);
    const link = ((await made.json()) as { link: string }).link;
    await admin.context.close();

    // A phone with a touch screen: no keyboard hints on the buttons.
    const visitor = await browser.newContext({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
    });
    const page = await visitor.newPage();
    await page.goto(`${baseUrl}${link}`);
    await page.getByRole('heading', { name: 'Town centre by link' }).waitFor();
    expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);
    expect(
      await page
        .getByRole('button', { name: /^Agree/ })
        .locator('kbd')
        .isVisible(),
    ).toBe(false);
    await page.getByRole('button', { name: /^Agree/ }).click();
    await expect.poll(() => page.getByTestId('progress').innerText()).toBe('1 of 2');
    await page.getByRole('link', { name: 'Report' }).click();
    await page.getByRole('heading', { name: 'Report: Town centre by link' }).waitFor();
    expect(page.url()).toContain(`${link}/report`);
    await check(page, 'common-ground-link-report-phone');
    await page.goto(`${baseUrl}/join/not-a-real-link`);
    await page.getByRole('alert').getByText('This link does not open a conversation.').waitFor();
    await check(page, 'common-ground-bad-link-phone');
    await visitor.close();
  });

  it('an organiser imports a Polis export with its groups, and sees Polis’s groups beside ours', async () => {
    const brexit = path.resolve(import.meta.dirname, '../../../shared/data/polis/brexit-consensus');
    const { context, page } = await signedIn(browser, baseUrl, DEMO_ADMIN_EMAIL, SIZES.desktop);
    await page.goto(`${baseUrl}/conversations`);
    await page.getByText('Import a Polis export').click();
    const form = page.locator('details', { hasText: 'Import a Polis export' });
    await form.getByLabel('Branch').selectOption({ index: 1 });
    await form.getByLabel('Title').fill('Brexit, from Polis');
    await form.getByLabel('Question').fill('Can there be consensus?');
    await page.getByLabel(/The export:/).setInputFiles(
      ['comments.csv', 'participants-votes.csv'].map((f) => ({
        name: f,
        mimeType: 'text/csv',
        buffer: fs.readFileSync(path.join(brexit, f)),
      })),
    );
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('heading', { name: 'Brexit, from Polis' }).waitFor();
    await page.goto(`${page.url()}/report`);
    const section = page.getByRole('region', { name: 'Polis’s groups beside ours' });
    await section.waitFor();
    expect(
      await section.getByRole('rowheader', { name: /^Polis group \d+ \(\d+\)$/ }).count(),
    ).toBeGreaterThan(1);
    await section.getByText(/participants placed by both/).waitFor();
    // The two groupings on the same plane, side by side.
    await section.getByRole('img', { name: /^Our groups: the same \d+ participants/ }).waitFor();
    await section.getByRole('img', { name: /^Polis’s groups: the same \d+ participants/ }).waitFor();
    await check(page, 'desktop-report-polis-groups');
    await page.setViewportSize(SIZES.phone);
    await section.waitFor();
    await check(page, 'phone-report-polis-groups');

    // Topics found among its statements (after the analysis, in an engine thread; the page asks again
    // every 30 s): choose one to see only its statements, then give it a name.
    await page.setViewportSize(SIZES.desktop);
    const topics = page.getByRole('region', { name: 'Topics' });
    const firstTopic = topics.getByRole('button', { name: / · / }).first();
    await firstTopic.waitFor({ timeout: 90_000 });
    const words = (await firstTopic.textContent()) ?? '';
    const common = page.getByTestId('common-ground').getByRole('listitem');
    const before = await common.count();
    await firstTopic.click();
    expect(await firstTopic.getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('status').getByText(`Showing statements on “${words}”.`).waitFor();
    expect(await page.locator('#common-topic').inputValue()).not.toBe('');
    expect(await common.count()).toBeLessThanOrEqual(before);
    await check(page, 'desktop-report-topics');
    await topics.getByRole('button', { name: `Rename “${words}”` }).click();
    await topics.getByLabel(`Name for the topic “${words}”`).fill('Brexit and the party');
    await topics.getByRole('button', { name: 'Save name' }).click();
    await topics.getByText('Topic renamed.').waitFor();
    await topics.getByRole('button', { name: 'Brexit and the party', exact: true }).waitFor();
    await page.setViewportSize(SIZES.phone);
    await check(page, 'phone-report-topics');
    // The whole report, topics and their filters included, fits a 320 px screen.
    await page.setViewportSize({ width: 320, height: 700 });
    expect(await noSidewaysScroll(page)).toBe(0);

    // The moderation console filters its accepted statements by the same topics.
    await page.goto(page.url().replace(/\/report$/, '/moderate'));
    await page.getByRole('tab', { name: 'Accepted' }).click();
    const items = page.getByTestId('queue-item');
    await items.first().waitFor();
    const all = await items.count();
    await page.getByLabel('Show statements on').selectOption({ index: 1 });
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="queue-item"]').length < n,
      all,
    );
    expect(await items.count()).toBeGreaterThan(0);
    await check(page, 'phone-moderation-topics');
    await context.close();
  });
});

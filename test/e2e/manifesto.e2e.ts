/**
 * Journey: the drafting committee (here the demo admin) starts a draft manifesto, opens the demo
 * conversation's report and adds common-ground statements to a section in one click each; the draft shows
 * them with their evidence (support in every group). A member compares 10 pairs of the demo draft's
 * clauses, by click and by keyboard, and sees the order with each group's scores. A ballot on the whole
 * document is opened, cast (with a receipt that verifies), closed, and its result shown.
 */
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { DEMO_ADMIN_EMAIL, demoMemberEmail } from '../../src/demo/index.ts';
import { BallotPage, launch, signedIn, goTo } from './pages.ts';

let browser: Browser;
const baseUrl = inject('baseUrl');

beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

describe('Manifesto, in Chromium', () => {
  it('a drafter builds a section from the report', async () => {
    const { context, page } = await signedIn(browser, baseUrl, DEMO_ADMIN_EMAIL);

    await goTo(page, 'Manifesto');
    await page.getByText('Start a draft manifesto').click();
    await page.getByLabel('Branch').selectOption({ label: 'Broadchurch Party (party)' });
    await page.getByLabel('Title').fill('Our manifesto for 2027');
    await page.getByRole('button', { name: 'Start the draft' }).click();
    await page.getByRole('heading', { name: 'Our manifesto for 2027' }).waitFor();
    await page.getByRole('heading', { name: 'Education' }).waitFor();

    await goTo(page, 'Common Ground');
    await page.getByRole('link', { name: /What should our manifesto put first/ }).click();
    await page.getByRole('link', { name: 'Report' }).click();
    const common = page.getByTestId('common-ground');
    await common.waitFor();
    await page
      .getByLabel('Add statements to the draft')
      .selectOption({ label: 'Our manifesto for 2027 (Broadchurch Party)' });
    await page.getByLabel('In the section').selectOption({ label: 'Education' });
    const cards = common
      .getByRole('listitem')
      .filter({ has: page.getByRole('button', { name: /Add to the manifesto/ }) });
    const texts: string[] = [];
    for (let i = 0; i < 2; i++) {
      const card = cards.first();
      texts.push((await card.locator('p.font-medium').innerText()).trim());
      await card.getByRole('button', { name: 'Add to the manifesto (Education)' }).click();
      await common.getByText('In the manifesto under Education').nth(i).waitFor();
    }

    await goTo(page, 'Manifesto');
    await page.getByRole('link', { name: 'Our manifesto for 2027' }).click();
    const section = page.getByTestId('section-Education');
    await section.waitFor();
    const shown = await section
      .getByRole('listitem')
      .filter({ has: page.getByRole('list') })
      .allInnerTexts();
    expect(shown).toHaveLength(2);
    for (const [i, text] of texts.entries()) {
      expect(shown[i]).toContain(text);
      // Its evidence: the conversation, the votes, and each group's agreement.
      expect(shown[i]).toContain('What should our manifesto put first?');
      expect(shown[i]).toMatch(/\d+ agree · \d+ disagree · \d+ pass/);
      expect(shown[i]).toMatch(/Group A\s+\d+%/);
    }
    await context.close();
  });

  it('a member compares 10 pairs', async () => {
    const { context, page } = await signedIn(browser, baseUrl, demoMemberEmail(33));

    await goTo(page, 'Manifesto');
    await page.getByRole('link', { name: 'Our manifesto (draft)', exact: true }).click();
    await page.getByRole('link', { name: /Which matters more/ }).click();
    const compared = page.getByTestId('compared');
    await compared.waitFor();
    const which = page.getByRole('region', { name: 'Which matters more?' });
    // "I can’t decide" brings another pair and records nothing.
    await expect.poll(() => which.getByRole('button').count()).toBe(3);
    const pairShown = async () =>
      (
        await which
          .getByRole('button')
          .filter({ hasNotText: /can’t decide/ })
          .allInnerTexts()
      )
        .sort()
        .join('|');
    const before = await pairShown();
    await which.getByRole('button', { name: /I can’t decide/ }).click();
    await expect.poll(pairShown).not.toBe(before);
    expect(await compared.innerText()).toMatch(/You have compared 0 pairs/);
    for (let i = 0; i < 10; i++) {
      const choices = which.getByRole('button').filter({ hasNotText: /can’t decide/ });
      await expect.poll(() => choices.count()).toBe(2);
      const [a, b] = await choices.allInnerTexts();
      expect(a).not.toBe(b);
      // Half by click, half by keyboard.
      if (i % 2 === 0) await choices.first().click();
      else await page.keyboard.press('ArrowRight');
      await page.getByText(`You have compared ${i + 1} ${i === 0 ? 'pair' : 'pairs'}`).waitFor();
    }
    await page.getByText(/10 comparisons by 1 member\./).waitFor();
    const rows = page.getByRole('table', { name: /Clauses by priority/ }).getByRole('row');
    expect(await rows.count()).toBe(7); // the header and the six clauses
    await context.close();
  });

  it('a ballot is cast and the result is shown', async () => {
    const { context, page } = await signedIn(browser, baseUrl, DEMO_ADMIN_EMAIL);

    await goTo(page, 'Manifesto');
    await page.getByRole('link', { name: 'Our manifesto (draft)', exact: true }).click();
    // The ballot form comes after every clause; a link at the top takes the drafter to it.
    await page.getByRole('link', { name: 'Ratification ballots' }).click();
    await expect
      .poll(() =>
        page.getByRole('heading', { name: 'Ratification', exact: true }).evaluate((h) => {
          const r = h.getBoundingClientRect();
          return r.top >= 0 && r.bottom <= window.innerHeight;
        }),
      )
      .toBe(true);
    const ballot = new BallotPage(page);
    await ballot.openOnDocument();
    expect(ballot.shares).toHaveLength(1);
    // The key shares are shown once: reloaded, the page no longer has them.
    await page.reload();
    await page.getByRole('heading', { name: 'Ratification ballot' }).waitFor();
    await page.getByText(/^The box holds 0 papers; its seal/).waitFor();
    expect(await page.getByRole('heading', { name: 'Key shares: hand them out now' }).count()).toBe(0);
    const receipt = await ballot.approve();
    expect(receipt.length).toBeGreaterThanOrEqual(20);
    await page.getByText('You have voted.').waitFor();
    // The receipt can be copied and saved as a file.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    await page.getByRole('button', { name: 'Copy the receipt' }).click();
    await page.getByText('Copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(receipt);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Save it as a file' }).click(),
    ]);
    const saved = await download.path();
    expect(fs.readFileSync(saved, 'utf8')).toContain(`Receipt: ${receipt}`);
    // Closing asks first, and "keep it open" keeps it open.
    await page.getByRole('button', { name: 'Close the ballot and count' }).click();
    await page.getByRole('button', { name: 'Keep it open' }).click();
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    await ballot.checkReceipt(receipt, 'This paper is in the ballot box, sealed.');
    const turnout = await ballot.closeAndCount();
    await ballot.checkReceipt(receipt, 'This paper was counted.');
    expect(turnout).toMatch(/Turnout: 1 of \d+ eligible members/);
    const row = page
      .getByRole('table', { name: 'Votes cast' })
      .getByRole('row', { name: /The whole document/ });
    expect((await row.innerText()).replace(/\s+/g, ' ')).toContain('The whole document 1 0 0 Carried');

    // A ballot with a quorum that is not met stands for nothing; an abstention counts for turnout only.
    await page.getByRole('link', { name: 'Back to the draft' }).click();
    await ballot.openOnDocument({ quorum: 60 });
    await page.getByText(/A result stands only if at least 60% of the electorate vote/).waitFor();
    await ballot.approve('Abstain');
    await ballot.closeAndCount();
    await page
      .getByTestId('quorum')
      .getByText(/Not quorate/)
      .waitFor();
    const quorumRow = page
      .getByRole('table', { name: 'Votes cast' })
      .getByRole('row', { name: /The whole document/ });
    expect((await quorumRow.innerText()).replace(/\s+/g, ' ')).toContain(
      'The whole document 0 0 1 Not quorate',
    );
    await context.close();
  });

  it('the draft is published, and read without signing in', async () => {
    const { context, page } = await signedIn(browser, baseUrl, DEMO_ADMIN_EMAIL, null);
    await goTo(page, 'Manifesto');
    await page.getByRole('link', { name: 'Our manifesto (draft)', exact: true }).click();
    await page.getByRole('button', { name: 'Publish this draft as the next version' }).click();
    // A preview first, under the title the committee gives it (the working title's "(draft)" left out).
    const title = page.getByLabel('Published title');
    expect(await title.inputValue()).toBe('Our manifesto');
    await title.fill('Our manifesto for 2027');
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.getByRole('heading', { name: 'Our manifesto for 2027' }).waitFor();
    await preview
      .getByTestId('ratification')
      .getByText(/Put to the members on/)
      .waitFor();
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText(/^Version 1,/).waitFor();
    const publicUrl = await page.getByRole('link', { name: 'The public page' }).getAttribute('href');
    await context.close();

    const stranger = await browser.newContext();
    const reader = await stranger.newPage();
    await reader.goto(`${baseUrl}${publicUrl ?? ''}`);
    await reader.getByRole('heading', { name: 'Our manifesto for 2027' }).waitFor();
    // How the members ratified it (here, the latest ballot: short of its quorum), and what groups are.
    await reader
      .getByTestId('ratification')
      .getByText(/not quorate, so not ratified; 1 of \d+ eligible members voted/)
      .waitFor();
    await reader.getByText(/Groups are sets of members who voted alike/).waitFor();
    await reader.getByRole('heading', { name: 'Health' }).waitFor();
    await reader.getByText('NHS waiting lists are the most urgent problem the country faces.').waitFor();
    expect(await reader.getByText(/Support in “What should our manifesto put first\?”/).count()).toBe(6);
    await stranger.close();
  });

  it('an amendment shows the clause before and after, word by word, and its support', async () => {
    const { context, page } = await signedIn(browser, baseUrl, DEMO_ADMIN_EMAIL, null);
    await goTo(page, 'Manifesto');
    await page.getByRole('link', { name: 'Our manifesto (draft)', exact: true }).click();
    await page.getByRole('button', { name: 'Open the amendment window' }).click();
    await page.getByText('Propose an amendment').waitFor();
    await page.getByLabel('Amendment', { exact: true }).selectOption({ label: 'Reword a clause' });
    const target = page.getByLabel('The clause');
    await target.selectOption({ index: 1 });
    const chosen = (await target.locator('option:checked').innerText()).replace(/^[^:]*: /, '');
    const clause = (
      await page.getByRole('listitem').filter({ hasText: chosen }).first().locator('p').first().innerText()
    ).trim();
    await page.getByLabel(/The new wording/).fill(`Urgently, ${clause}`);
    await page.getByRole('button', { name: 'Propose it' }).click();
    const diff = page.getByTestId('amendment-diff').first();
    await diff.waitFor();
    expect(await diff.locator('ins').first().innerText()).toBe('Urgently,');
    expect((await diff.innerText()).replace(/\s+/g, ' ')).toContain(clause.split(' ').slice(0, 3).join(' '));
    expect(await page.getByText(/bridging \d/i).count()).toBe(0);
    await context.close();
  });
});

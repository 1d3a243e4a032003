/**
 * Screens checked as a user meets them: a full-page screenshot (into $TMPDIR/bc-screens, to look at) and an
 * axe-core scan. A serious or critical violation fails the test; the rest are reported, one line per screen,
 * in bc-screens/axe-report.jsonl.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export const SHOTS = path.join(os.tmpdir(), 'bc-screens');
export const SIZES = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;

interface Violation {
  id: string;
  impact: string | null;
  nodes: { target: string[] }[];
}

/** Runs axe-core on the page; returns every violation, as `id: targets`, by impact. */
async function axe(page: Page): Promise<{ serious: string[]; other: string[] }> {
  // Evaluated through the browser's debugging protocol: the page's Content-Security-Policy (rightly) refuses
  // inline scripts.
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run(): Promise<{ violations: Violation[] }> } };
    return (await w.axe.run()).violations;
  });
  const line = (v: Violation) =>
    `${v.id} (${v.impact ?? '?'}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`;
  const serious = (v: Violation) => v.impact === 'serious' || v.impact === 'critical';
  return {
    serious: violations.filter(serious).map(line),
    other: violations.filter((v) => !serious(v)).map(line),
  };
}

/** Photographs the page and scans it: no serious or critical violation; the rest go in the report. */
export async function check(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  const found = await axe(page);
  fs.appendFileSync(
    path.join(SHOTS, 'axe-report.jsonl'),
    `${JSON.stringify({ screen: name, url: new URL(page.url()).pathname, serious: found.serious, other: found.other })}\n`,
  );
  expect(found.serious, name).toEqual([]);
}

/** The page does not scroll sideways (WCAG 1.4.10, reflow): nothing is wider than the viewport. */
export async function noSidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

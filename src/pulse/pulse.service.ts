/**
 * Pulse: the national poll series pooled for the party (src/math/pulse.ts), the branch's own doorstep
 * returns beside it as one more pollster, and seats by uniform and proportional swing.
 *
 * The polls, results and settings are national and published: only an organiser or admin of the national
 * branch changes them. Every member of a branch reads its Pulse. The doorstep returns reach it only as
 * weeks published once with noise (doorstep-weeks.ts), so that no published figure can tell one door's answer.
 */
import type { Actor } from '../core/permissions.ts';
import { can, canNationally, isMemberOf } from '../core/permissions.ts';
import { AppError, forbidden, notFound, nulInFile } from '../core/errors.ts';
import { audited } from '../core/audited.ts';
import type { ServiceContext } from '../lib/context.ts';
import { branchById } from '../members/index.ts';
import type { PulseReading, PulseSettings, PulseView } from '../contract/pulse.ts';
import {
  parseConstituencyCsv,
  parseElectionsCsv,
  parsePollsCsv,
  PulseInputError,
} from '../math/io/polls-csv.ts';
import {
  dayNumber,
  DOORSTEP_HOUSE,
  isoDate,
  midDay,
  pulseReport,
  type DoorstepDay,
  type Poll,
  type PulseReport,
} from '../math/pulse-report.ts';
import { projectSeats, type Estimate } from '../math/pulse-seats.ts';
import * as repo from './pulse.repo.ts';
import {
  lastPublishableWeek,
  noisyWeek,
  publicWeeks,
  PUBLISH_AFTER_DAYS,
  secureUniform,
} from './doorstep-weeks.ts';

/** The intention code of the party itself, and the codes that are no party's. */
const OURS = 'US';
const NO_PARTY = ['UND', 'NV'];
const MAX_FILE_BYTES = 5 * 1024 * 1024;
const NO_SEATS = { seats: 0, lo: 0, hi: 0, pLargest: 0 };

/** The national parties' fits (no doorstep returns), kept for the data version they were made from. */
export class PulseMemory {
  version = '';
  fits = new Map<string, PulseReport | null>();
  /** Where the doorstep weeks' noise comes from: the operating system's randomness (a test may seed it). */
  uniform: () => number = secureUniform;
}

export async function saveSettings(
  ctx: ServiceContext,
  actor: Actor,
  body: PulseSettings,
): Promise<PulseSettings> {
  if (!canNationally(actor, 'pulse.manage'))
    throw forbidden("Only the national party's organisers change Pulse's settings");
  await audited(ctx.db, async (tx, record) => {
    await repo.saveSettings(tx, body);
    record({
      actorId: actor.memberId,
      action: 'change',
      subjectType: 'pulse',
      detail: { party: body.party },
    });
  });
  return body;
}

/** Reads a file, or refuses it whole with every bad line named. */
function parse<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof PulseInputError)) throw e;
    const issues = e.errors.map((x) => ({
      field: 'file',
      message: x.message,
      ...(x.line ? { line: x.line } : {}),
    }));
    throw new AppError(
      'IMPORT_INVALID',
      `${issues.length === 1 ? 'A line' : `${issues.length} lines`} of the file could not be read; nothing was imported`,
      issues,
    );
  }
}

export async function importFile(
  ctx: ServiceContext,
  actor: Actor,
  kind: 'polls' | 'elections' | 'results',
  body: unknown,
) {
  if (!canNationally(actor, 'pulse.manage'))
    throw forbidden("Only the national party's organisers import polls");
  if (typeof body !== 'string') throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as text/csv');
  if (Buffer.byteLength(body) > MAX_FILE_BYTES)
    throw new AppError('PAYLOAD_TOO_LARGE', 'The file is larger than 5 MB');
  const nul = body.indexOf('\u0000');
  if (nul >= 0) throw nulInFile(body.slice(0, nul).split('\n').length);
  const result = await audited(ctx.db, async (tx, record) => {
    let out: { rows: number; added: number; replaced: number; parties: string[] };
    if (kind === 'polls') {
      const series = parse(() => parsePollsCsv(body));
      out = {
        rows: series.polls.length,
        ...(await repo.replacePolls(tx, series.polls)),
        parties: series.parties,
      };
    } else if (kind === 'elections') {
      const series = parse(() => parseElectionsCsv(body));
      const before = new Set((await repo.readElections(tx)).map((e) => e.heldOn));
      await repo.upsertElections(tx, series.elections);
      const replaced = series.elections.filter((e) => before.has(e.date)).length;
      out = {
        rows: series.elections.length,
        added: series.elections.length - replaced,
        replaced,
        parties: series.parties,
      };
    } else {
      const rows = parse(() => parseConstituencyCsv(body));
      const before = (await repo.readResults(tx)).length;
      await repo.replaceResults(tx, rows);
      out = {
        rows: rows.length,
        added: rows.length,
        replaced: before,
        parties: [...new Set(rows.map((r) => r.party))],
      };
    }
    record({
      actorId: actor.memberId,
      action: 'import',
      subjectType: 'pulse',
      detail: { kind, rows: out.rows, added: out.added, replaced: out.replaced },
    });
    return out;
  });
  return { kind, ...result };
}

interface Inputs {
  /** The data version read before the data itself: a change made in between is seen by the next request. */
  version: string;
  settings: PulseSettings;
  polls: Poll[];
  elections: { heldOn: string; shares: Record<string, number> }[];
}

const electionsFor = (inputs: Inputs, party: string) =>
  inputs.elections.flatMap((e) =>
    e.shares[party] === undefined ? [] : [{ date: e.heldOn, share: e.shares[party] }],
  );

function fit(inputs: Inputs, party: string, doorstep?: DoorstepDay[]): PulseReport | null {
  const elections = electionsFor(inputs, party);
  if (elections.length === 0 || !inputs.polls.some((p) => p.shares[party] !== undefined)) return null;
  return pulseReport({
    polls: inputs.polls,
    party,
    elections,
    drift: inputs.settings.drift,
    breaks: inputs.settings.breaks,
    ...(doorstep ? { doorstep } : {}),
  });
}

/** Each party's fit without doorstep returns, made again only when the data or settings have changed. */
function nationalFit(ctx: ServiceContext, inputs: Inputs, party: string): PulseReport | null {
  const memory = ctx.state.pulse;
  if (inputs.version !== memory.version) {
    memory.version = inputs.version;
    memory.fits.clear();
  }
  if (!memory.fits.has(party)) memory.fits.set(party, fit(inputs, party));
  return memory.fits.get(party) ?? null;
}

function missingInput(inputs: Inputs | null, parties: string[]): string | null {
  if (!inputs) return 'No party is set for Pulse yet: an organiser of the national party chooses it.';
  if (inputs.polls.length === 0) return 'No polls have been imported yet.';
  if (!parties.includes(inputs.settings.party))
    return `No imported poll has a column for ${inputs.settings.party}.`;
  if (electionsFor(inputs, inputs.settings.party).length === 0)
    return `An election result for ${inputs.settings.party} is needed: it fixes the level the house effects are measured from.`;
  return null;
}

/**
 * The branch's doorstep weeks as Pulse may show them: the weeks that have closed since they were last read
 * are published first (each branch's week once, with noise), then summed over the branch and those below.
 */
async function doorstepWeeks(ctx: ServiceContext, branchPath: string, now: Date) {
  const pending = await repo.unpublishedWeekCounts(
    ctx.db,
    branchPath,
    lastPublishableWeek(now),
    PUBLISH_AFTER_DAYS,
    OURS,
    NO_PARTY,
  );
  if (pending.length > 0)
    await repo.storeWeeks(
      ctx.db,
      pending.map((w) => ({ branchId: w.branchId, week: w.week, ...noisyWeek(w, ctx.state.pulse.uniform) })),
    );
  return publicWeeks(await repo.summedWeeks(ctx.db, branchPath));
}

export async function pulseView(
  ctx: ServiceContext,
  actor: Actor,
  branchId: string,
  now = new Date(),
): Promise<PulseView> {
  const branch = await branchById(ctx.db, branchId);
  if (!branch || !(isMemberOf(actor, branch.path) || can(actor, 'canvass.organise', branch.path)))
    throw notFound('Branch');
  const version = await repo.dataVersion(ctx.db);
  const settings = (await repo.readSettings(ctx.db)) ?? null;
  const polls = await repo.readPolls(ctx.db);
  const elections = await repo.readElections(ctx.db);
  const results = await repo.readResults(ctx.db);
  const parties = [...new Set(polls.flatMap((p) => Object.keys(p.shares)))];
  const inputs = settings
    ? {
        version,
        settings: { party: settings.party, drift: settings.drift, breaks: settings.breaks },
        polls,
        elections,
      }
    : null;
  const missing = missingInput(inputs, parties);
  const view: PulseView = {
    branch: { id: branch.id, name: branch.name },
    canManage: canNationally(actor, 'pulse.manage'),
    settings: inputs?.settings ?? null,
    counts: {
      polls: polls.length,
      elections: elections.length,
      constituencies: new Set(results.map((r) => r.constituency)).size,
    },
    parties,
    missing,
    reading: null,
  };
  if (missing !== null || !inputs) return view;
  const party = inputs.settings.party;
  const doorstep = await doorstepWeeks(ctx, branch.path, now);
  const report = fit(inputs, party, doorstep.model);
  if (!report) return view;
  return { ...view, reading: reading(ctx, inputs, report, doorstep, results, parties) };
}

function reading(
  ctx: ServiceContext,
  inputs: Inputs,
  report: PulseReport,
  doorstep: ReturnType<typeof publicWeeks>,
  results: Awaited<ReturnType<typeof repo.readResults>>,
  /** Every party column of the polls (a poll may leave one blank). */
  parties: string[],
): PulseReading {
  const party = report.party;
  const mid = (p: Poll) => isoDate(midDay(dayNumber(p.start) ?? 0, dayNumber(p.end) ?? 0));
  const estimates: Record<string, Estimate> = {};
  let seats: PulseReading['seats'] = null;
  if (results.length > 0) {
    for (const p of new Set(results.map((r) => r.party))) {
      // The results' party is the polls' column of the same name, whatever its case.
      const column = parties.find((c) => c.toLowerCase() === p.toLowerCase()) ?? p;
      const f = column === party ? report : nationalFit(ctx, inputs, column);
      if (f) estimates[p] = f.latest;
    }
    const projection = projectSeats(results, estimates, { draws: 2000, seed: 1 });
    seats = {
      constituencies: projection.constituencies,
      draws: projection.draws,
      rows: Object.entries(projection.previous)
        .map(([p, previous]) => ({
          party: p,
          previous,
          now: estimates[p] ? Number(estimates[p].share.toFixed(2)) : null,
          uniform: projection.uniform[p] ?? NO_SEATS,
          proportional: projection.proportional[p] ?? NO_SEATS,
        }))
        .sort((a, b) => b.uniform.seats - a.uniform.seats || b.previous - a.previous),
    };
  }
  return {
    party,
    asOf: report.asOf,
    sigmaPointsPerDay: report.sigmaPointsPerDay,
    driftPointsPerDay: report.driftPointsPerDay ?? null,
    logLik: report.logLik,
    series: report.series,
    polls: inputs.polls.flatMap((p) =>
      p.shares[party] === undefined
        ? []
        : [{ pollster: p.pollster, date: mid(p), share: p.shares[party], n: p.sampleSize }],
    ),
    elections: electionsFor(inputs, party),
    houses: Object.entries(report.houseEffects)
      .filter(([h]) => h !== DOORSTEP_HOUSE)
      .map(([h, points]) => ({
        house: h,
        points,
        se: report.houseEffectSE[h] ?? 0,
        polls: report.houseCounts[h] ?? 0,
      })),
    doorstep:
      report.houseEffects[DOORSTEP_HOUSE] === undefined
        ? null
        : {
            lean: report.houseEffects[DOORSTEP_HOUSE],
            se: report.houseEffectSE[DOORSTEP_HOUSE] ?? 0,
            contacts: doorstep.contacts,
            weeks: doorstep.shown,
            hiddenWeeks: doorstep.hidden,
          },
    seats,
  };
}

declare module '../lib/process-state.ts' {
  interface ProcessState {
    /** Pulse's national fits, for the data they were made from. */
    pulse: PulseMemory;
  }
}

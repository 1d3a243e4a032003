/**
 * The organisers' console for Doorstep, one branch at a time: the register (imports with every bad row by
 * line), targeting (a segment counted before it is saved), walks (cut, assigned, printed), the dashboard,
 * canvass sessions, doorstep issues, and electors (search, subject access, erasure).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode, type SyntheticEvent } from 'react';
import { Link, NavLink, useParams } from 'react-router';
import { api, type BranchNode, type MemberView, type Page } from '../api.ts';
import { useBranches, within } from '../components/branch-select.tsx';
import { Empty, ErrorNote, Loading, PageTitle, Success } from '../components/ui.tsx';
import type {
  Dashboard,
  ElectorCard,
  ElectorHits,
  ImportResult,
  RegisterSummary,
  RetentionStatus,
  SegmentCount,
  SegmentFilter,
  SegmentList,
  SessionList,
  WalkList,
} from '../canvass.ts';
import type { ConversationListItem } from '../deliberation.ts';
import { useMe } from '../session.ts';

const fmt = (n: number) => n.toLocaleString('en-GB');
const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Branches where the member runs canvassing (or imports registers). */
function useCanvassBranches(): { branches: BranchNode[]; pending: boolean } {
  const me = useMe();
  const all = useBranches();
  const roots = [
    ...(me.data?.capabilities['canvass.organise'] ?? []),
    ...(me.data?.capabilities['canvass.import'] ?? []),
  ];
  const list = all.data?.branches ?? [];
  return { branches: list.filter(within(list, roots)), pending: me.isPending || all.isPending };
}

const SECTIONS = [
  ['register', 'Register'],
  ['targeting', 'Targeting'],
  ['walks', 'Walks'],
  ['dashboard', 'Dashboard'],
  ['sessions', 'Sessions'],
  ['issues', 'Issues'],
  ['electors', 'Electors'],
  ['codes', 'Intention codes'],
] as const;
type Section = (typeof SECTIONS)[number][0];

export function CanvassPage() {
  const { branchId = '', section = 'dashboard' } = useParams();
  const { branches, pending } = useCanvassBranches();
  if (pending) return <Loading />;
  if (branches.length === 0)
    return (
      <>
        <PageTitle>Canvassing</PageTitle>
        <Empty>You do not run canvassing in any branch. Organisers of a branch see it here.</Empty>
      </>
    );
  const branch = branches.find((b) => b.id === branchId);
  if (!branch)
    return (
      <>
        <PageTitle lead="Choose the branch whose canvassing you run.">Canvassing</PageTitle>
        <ul className="grid gap-2 sm:grid-cols-2">
          {branches.map((b) => (
            <li key={b.id}>
              <Link className="card block hover:border-orange-700" to={`/canvass/${b.id}/dashboard`}>
                <span className="font-semibold">{b.name}</span>{' '}
                <span className="text-stone-500">({b.kind})</span>
              </Link>
            </li>
          ))}
        </ul>
      </>
    );
  const views: Record<Section, ReactNode> = {
    register: <RegisterSection branchId={branch.id} />,
    targeting: <TargetingSection branchId={branch.id} />,
    walks: <WalksSection branchId={branch.id} />,
    dashboard: <DashboardSection branchId={branch.id} />,
    sessions: <SessionsSection branchId={branch.id} />,
    issues: <IssuesSection branchId={branch.id} />,
    electors: <ElectorsSection branchId={branch.id} />,
    codes: <CodesSection branchId={branch.id} />,
  };
  return (
    <>
      <PageTitle
        lead={
          <Link to="/canvass" className="link">
            Another branch
          </Link>
        }
      >
        Canvassing: {branch.name}
      </PageTitle>
      <nav
        aria-label="Canvassing"
        className="-mx-1 mb-4 flex gap-1 overflow-x-auto whitespace-nowrap border-b border-stone-200 pb-2"
      >
        {SECTIONS.map(([key, label]) => (
          <NavLink
            key={key}
            to={`/canvass/${branch.id}/${key}`}
            className={({ isActive }) =>
              `rounded-md px-3 py-2 ${isActive ? 'bg-orange-100 font-semibold text-orange-900' : 'text-stone-700 hover:bg-stone-100'}`
            }
          >
            {label}
          </NavLink>
        ))}
      </nav>
      {views[section as Section] ?? <Empty>No such section.</Empty>}
    </>
  );
}

function useRegister(branchId: string) {
  return useQuery({
    queryKey: ['register', branchId],
    queryFn: () => api<RegisterSummary>(`/api/canvass/branches/${branchId}/register`),
  });
}

function ImportResultNote({ r }: { r: ImportResult }) {
  return (
    <Success>
      {r.dryRun ? 'The file is good: ' : 'Imported: '}
      {fmt(r.rows)} rows; {fmt(r.added)} new, {fmt(r.matched)} matched to electors already held
      {r.removed ? `, ${fmt(r.removed)} no longer on the register` : ''}
      {r.suppressed ? `, ${fmt(r.suppressed)} erased on request and left out` : ''}.
      {r.dryRun ? ' Nothing has been written yet.' : ''}
    </Success>
  );
}

function RegisterSection({ branchId }: { branchId: string }) {
  const qc = useQueryClient();
  const summary = useRegister(branchId);
  const [kind, setKind] = useState<'full' | 'update'>('full');
  const [file, setFile] = useState<File | null>(null);
  const [mapping, setMapping] = useState('');
  const upload = useMutation({
    mutationFn: (dryRun: boolean) => {
      if (!file) throw new Error('Choose a file first');
      const q = new URLSearchParams({ kind, dryRun: String(dryRun) });
      if (mapping.trim()) q.set('mapping', mapping.trim());
      return api<ImportResult>(`/api/canvass/branches/${branchId}/register?${q.toString()}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: file,
      });
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['register', branchId] }),
  });
  const [election, setElection] = useState('');
  const [heldOn, setHeldOn] = useState('');
  const [marked, setMarked] = useState<File | null>(null);
  const markedUpload = useMutation({
    mutationFn: () => {
      if (!marked) throw new Error('Choose a file first');
      const q = new URLSearchParams({ election, heldOn });
      return api<ImportResult>(`/api/canvass/branches/${branchId}/marked-register?${q.toString()}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: marked,
      });
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['register', branchId] }),
  });
  return (
    <div className="space-y-6">
      <section aria-labelledby="held" className="card">
        <h2 id="held" className="mb-2 text-lg font-semibold">
          The register held
        </h2>
        {summary.isPending ? (
          <Loading />
        ) : summary.error ? (
          <ErrorNote error={summary.error} />
        ) : summary.data.electors === 0 ? (
          <Empty>No register yet: import the electoral register below.</Empty>
        ) : (
          <>
            <p>
              {fmt(summary.data.electors)} electors ({fmt(summary.data.postal)} postal voters) in{' '}
              {summary.data.districts.map((d) => `${d.district} (${fmt(d.electors)})`).join(', ')}.
            </p>
            <p className="mt-1 text-sm text-stone-600">
              Turnout history:{' '}
              {summary.data.elections.length === 0
                ? 'none yet (import a marked register).'
                : summary.data.elections
                    .map((e) => `${e.name}, ${e.heldOn}: ${fmt(e.voted)} voted`)
                    .join('; ')}
            </p>
          </>
        )}
      </section>
      <form
        aria-labelledby="import-register"
        className="card space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          upload.mutate(true);
        }}
      >
        <h2 id="import-register" className="text-lg font-semibold">
          Import the register
        </h2>
        <p className="text-sm text-stone-600">
          The CSV supplied to parties (Elector Number Prefix, Elector Number, Suffix, Markers, DOB, Surname,
          Forename, PostCode, Address1–6, UPRN). All or nothing: if any row is wrong nothing is written and
          every bad row is listed by line. Electors are matched to those already held by UPRN or address and
          name, so their history survives renumbering.
        </p>
        <fieldset>
          <legend className="label">Kind of file</legend>
          <label className="mr-4">
            <input type="radio" name="kind" checked={kind === 'full'} onChange={() => setKind('full')} /> The
            full register
          </label>
          <label>
            <input type="radio" name="kind" checked={kind === 'update'} onChange={() => setKind('update')} />{' '}
            A monthly update (Change Type A, M or D)
          </label>
        </fieldset>
        <div>
          <label htmlFor="register-file" className="label">
            Register CSV
          </label>
          <input
            id="register-file"
            type="file"
            accept=".csv,text/csv"
            className="input"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <details>
          <summary className="cursor-pointer">Another layout? Map its columns</summary>
          <label htmlFor="mapping" className="label mt-2">
            Column mapping (JSON: field → your column)
          </label>
          <textarea
            id="mapping"
            className="input font-mono text-sm"
            rows={3}
            placeholder='{"surname": "Last Name", "forename": "First Name", "address1": "House"}'
            value={mapping}
            onChange={(e) => setMapping(e.target.value)}
          />
        </details>
        <div className="flex gap-2">
          <button type="submit" className="btn-secondary" disabled={!file || upload.isPending}>
            Check the file
          </button>
          <button
            type="button"
            className="btn"
            disabled={!file || upload.isPending}
            onClick={() => upload.mutate(false)}
          >
            {upload.isPending ? 'Working…' : 'Import'}
          </button>
        </div>
        <ErrorNote error={upload.error} />
        {upload.data && <ImportResultNote r={upload.data} />}
      </form>
      <form
        aria-labelledby="import-marked"
        className="card space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          markedUpload.mutate();
        }}
      >
        <h2 id="import-marked" className="text-lg font-semibold">
          Import a marked register
        </h2>
        <p className="text-sm text-stone-600">
          One row per elector who voted (Elector Number Prefix, Elector Number, Suffix), with a Postal column
          marking postal voters. Importing the same election again replaces its turnout.
        </p>
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <label htmlFor="election" className="label">
              Election
            </label>
            <input
              id="election"
              className="input"
              required
              value={election}
              onChange={(e) => setElection(e.target.value)}
            />
          </div>
          <div>
            <label htmlFor="held-on" className="label">
              Held on
            </label>
            <input
              id="held-on"
              type="date"
              className="input"
              required
              value={heldOn}
              onChange={(e) => setHeldOn(e.target.value)}
            />
          </div>
        </div>
        <div>
          <label htmlFor="marked-file" className="label">
            Marked register CSV
          </label>
          <input
            id="marked-file"
            type="file"
            accept=".csv,text/csv"
            className="input"
            onChange={(e) => setMarked(e.target.files?.[0] ?? null)}
          />
        </div>
        <button type="submit" className="btn" disabled={!marked || markedUpload.isPending}>
          Import the marked register
        </button>
        <ErrorNote error={markedUpload.error} />
        {markedUpload.data && (
          <Success>{fmt(markedUpload.data.added)} electors marked as having voted.</Success>
        )}
      </form>
    </div>
  );
}

const TURNOUT = [
  ['never_voted', 'Never voted'],
  ['lapsed', 'Lapsed (voted before, not last time)'],
  ['voted_last', 'Voted last time'],
] as const;

function toggle<T extends string>(list: T[] | undefined, value: T, on: boolean): T[] | undefined {
  const next = on ? [...(list ?? []), value] : (list ?? []).filter((v) => v !== value);
  return next.length ? next : undefined;
}

function TargetingSection({ branchId }: { branchId: string }) {
  const qc = useQueryClient();
  const summary = useRegister(branchId);
  const [filter, setFilter] = useState<SegmentFilter>({});
  const [debounced, setDebounced] = useState<SegmentFilter>({});
  const [name, setName] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setDebounced(filter), 250);
    return () => clearTimeout(t);
  }, [filter]);
  const count = useQuery({
    queryKey: ['segment-count', branchId, debounced],
    queryFn: () =>
      api<SegmentCount>(`/api/canvass/branches/${branchId}/segments/count`, {
        method: 'POST',
        json: { filter: debounced },
      }),
  });
  const save = useMutation({
    mutationFn: () =>
      api<{ id: string }>(`/api/canvass/branches/${branchId}/segments`, {
        method: 'POST',
        json: { name, filter },
      }),
    onSuccess: () => {
      setName('');
      void qc.invalidateQueries({ queryKey: ['segments', branchId] });
    },
  });
  const onSubmit = (e: SyntheticEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form aria-labelledby="build" className="card space-y-4" onSubmit={onSubmit}>
        <h2 id="build" className="text-lg font-semibold">
          Build a segment
        </h2>
        <fieldset>
          <legend className="label">Polling districts (none ticked: all)</legend>
          <div className="flex flex-wrap gap-3">
            {(summary.data?.districts ?? []).map((d) => (
              <label key={d.district} className="flex items-center gap-1">
                <input
                  type="checkbox"
                  checked={filter.districts?.includes(d.district) ?? false}
                  onChange={(e) =>
                    setFilter({
                      ...filter,
                      districts: toggle(filter.districts, d.district, e.target.checked),
                    })
                  }
                />
                {d.district}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend className="label">Turnout (any ticked)</legend>
          {TURNOUT.map(([k, label]) => (
            <label key={k} className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={filter.turnout?.includes(k) ?? false}
                onChange={(e) =>
                  setFilter({ ...filter, turnout: toggle(filter.turnout, k, e.target.checked) })
                }
              />
              {label}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend className="label">Other</legend>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={filter.newAttainers ?? false}
              onChange={(e) => setFilter({ ...filter, newAttainers: e.target.checked || undefined })}
            />
            New attainers (young first-time voters)
          </label>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={filter.lastOutcome?.includes('not_canvassed') ?? false}
              onChange={(e) =>
                setFilter({
                  ...filter,
                  lastOutcome: toggle(filter.lastOutcome, 'not_canvassed', e.target.checked),
                })
              }
            />
            Not canvassed yet
          </label>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={filter.lastOutcome?.includes('not_in') ?? false}
              onChange={(e) =>
                setFilter({ ...filter, lastOutcome: toggle(filter.lastOutcome, 'not_in', e.target.checked) })
              }
            />
            Not in last time
          </label>
        </fieldset>
        <div
          role="status"
          aria-live="polite"
          className="rounded-lg bg-orange-50 p-3 text-orange-950"
          data-testid="segment-count"
        >
          {count.isPending
            ? 'Counting…'
            : count.error
              ? 'Could not count'
              : `${fmt(count.data.electors)} electors at ${fmt(count.data.doors)} doors`}
        </div>
        <ErrorNote error={count.error} />
        <div>
          <label htmlFor="segment-name" className="label">
            Name
          </label>
          <input
            id="segment-name"
            className="input"
            required
            maxLength={80}
            value={name}
            placeholder="Never voted, BW1–BW3"
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <button type="submit" className="btn" disabled={!name.trim() || save.isPending}>
          Save the segment
        </button>
        <ErrorNote error={save.error} />
        {save.isSuccess && <Success>Saved. Cut it into walks under Walks.</Success>}
      </form>
      <SegmentList branchId={branchId} />
    </div>
  );
}

function SegmentList({ branchId }: { branchId: string }) {
  const qc = useQueryClient();
  const segments = useQuery({
    queryKey: ['segments', branchId],
    queryFn: () => api<SegmentList>(`/api/canvass/branches/${branchId}/segments`),
  });
  const [doors, setDoors] = useState(60);
  const cut = useMutation({
    mutationFn: (id: string) =>
      api<{ walks: unknown[]; electors: number }>(`/api/canvass/segments/${id}/walks`, {
        method: 'POST',
        json: { doorsPerWalk: doors },
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['segments', branchId] });
      void qc.invalidateQueries({ queryKey: ['walks', branchId] });
    },
  });
  return (
    <section aria-labelledby="saved" className="card">
      <h2 id="saved" className="mb-2 text-lg font-semibold">
        Saved segments
      </h2>
      <label htmlFor="doors-per-walk" className="label">
        Doors per walk (60 is two hours for two people)
      </label>
      <input
        id="doors-per-walk"
        type="number"
        min={5}
        max={300}
        className="input mb-3 w-32"
        value={doors}
        onChange={(e) => setDoors(Number(e.target.value))}
      />
      {segments.isPending ? (
        <Loading />
      ) : segments.error ? (
        <ErrorNote error={segments.error} />
      ) : segments.data.segments.length === 0 ? (
        <Empty>No segments yet.</Empty>
      ) : (
        <ul className="divide-y divide-stone-200">
          {segments.data.segments.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center gap-2 py-2">
              <span className="flex-1">
                <span className="font-medium">{s.name}</span>{' '}
                <span className="text-sm text-stone-600">
                  {fmt(s.electors)} electors · {s.walks} walks
                </span>
              </span>
              <button
                type="button"
                className="btn-secondary"
                disabled={cut.isPending}
                onClick={() => cut.mutate(s.id)}
              >
                Cut into walks
              </button>
            </li>
          ))}
        </ul>
      )}
      <ErrorNote error={cut.error} />
      {cut.data && (
        <Success>
          Cut {fmt(cut.data.electors)} electors into {cut.data.walks.length} walks.
        </Success>
      )}
    </section>
  );
}

function WalksSection({ branchId }: { branchId: string }) {
  const qc = useQueryClient();
  const walks = useQuery({
    queryKey: ['walks', branchId],
    queryFn: () => api<WalkList>(`/api/canvass/branches/${branchId}/walks`),
  });
  const members = useQuery({
    queryKey: ['members', 'branch', branchId],
    queryFn: () => api<Page<MemberView>>(`/api/members?branch=${branchId}&pageSize=100`),
  });
  const [who, setWho] = useState<Record<string, string>>({});
  const [hours, setHours] = useState(4);
  const assign = useMutation({
    mutationFn: (walkId: string) =>
      api(`/api/canvass/walks/${walkId}/assignments`, {
        method: 'POST',
        json: { memberId: who[walkId], hours },
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['walks', branchId] }),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api(`/api/canvass/assignments/${id}`, { method: 'DELETE' }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['walks', branchId] }),
  });
  if (walks.isPending) return <Loading />;
  if (walks.error) return <ErrorNote error={walks.error} />;
  if (walks.data.walks.length === 0)
    return <Empty>No walks yet: save a segment under Targeting and cut it into walks.</Empty>;
  return (
    <section aria-label="Walks">
      <label htmlFor="assign-hours" className="label">
        Assignments last (hours)
      </label>
      <input
        id="assign-hours"
        type="number"
        min={1}
        max={336}
        className="input mb-3 w-32"
        value={hours}
        onChange={(e) => setHours(Number(e.target.value))}
      />
      <ErrorNote error={assign.error ?? revoke.error} />
      <ul className="space-y-2">
        {walks.data.walks.map((w) => (
          <li key={w.id} className="card" aria-label={w.name}>
            <div className="flex flex-wrap items-baseline gap-2">
              <h3 className="font-semibold">{w.name}</h3>
              <span className="text-sm text-stone-600">
                {w.doors} doors · {w.electors} electors · {w.visited} doors done
              </span>
              <a className="link ml-auto text-sm" href={`/api/canvass/walks/${w.id}/sheet.pdf`}>
                Walk sheet (PDF)
              </a>
            </div>
            <div
              className="my-2 h-2 rounded bg-stone-200"
              role="progressbar"
              aria-label={`Progress of ${w.name}`}
              aria-valuemin={0}
              aria-valuemax={w.doors}
              aria-valuenow={w.visited}
            >
              <div
                className="h-2 rounded bg-orange-700"
                style={{ width: pct(w.doors ? w.visited / w.doors : 0) }}
              />
            </div>
            <ul className="text-sm">
              {w.assignments
                .filter((a) => a.live)
                .map((a) => (
                  <li key={a.id} className="flex items-center gap-2">
                    {a.name}, until {new Date(a.expiresAt).toLocaleString('en-GB')}
                    <button type="button" className="underline" onClick={() => revoke.mutate(a.id)}>
                      End assignment
                    </button>
                  </li>
                ))}
            </ul>
            <div className="mt-2 flex flex-wrap gap-2">
              <label htmlFor={`who-${w.id}`} className="sr-only">
                Assign {w.name} to
              </label>
              <select
                id={`who-${w.id}`}
                className="input max-w-xs"
                value={who[w.id] ?? ''}
                onChange={(e) => setWho({ ...who, [w.id]: e.target.value })}
              >
                <option value="">Assign to…</option>
                {members.data?.items.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="btn-secondary"
                disabled={!who[w.id] || assign.isPending}
                onClick={() => assign.mutate(w.id)}
              >
                Assign
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

const FLAG_TEXT: Record<string, string> = {
  contact_rate_near_100: 'contact rate near 100%',
  doors_seconds_apart: 'doors logged seconds apart',
  intentions_unlike_others: 'intentions unlike everyone else’s',
};

function DashboardSection({ branchId }: { branchId: string }) {
  const [days, setDays] = useState(30);
  const d = useQuery({
    queryKey: ['canvass-dashboard', branchId, days],
    queryFn: () => api<Dashboard>(`/api/canvass/branches/${branchId}/dashboard?days=${days}`),
    refetchInterval: 30_000,
  });
  if (d.isPending) return <Loading />;
  if (d.error) return <ErrorNote error={d.error} />;
  const x = d.data;
  const codes = [...new Set(x.districts.flatMap((r) => Object.keys(r.intentions)))];
  return (
    <div className="space-y-6">
      <label className="flex items-center gap-2">
        Over the last
        <select className="input w-auto" value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {[1, 7, 30, 90, 365].map((n) => (
            <option key={n} value={n}>
              {n === 1 ? 'day' : `${n} days`}
            </option>
          ))}
        </select>
      </label>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {[
          ['Doors knocked', fmt(x.doorsKnocked)],
          ['Doors where we spoke', fmt(x.doorsContacted)],
          ['Contact rate', pct(x.contactRate)],
          ['Records', fmt(x.records)],
        ].map(([k, v]) => (
          <div key={k} className="card">
            <dt className="text-sm text-stone-600">{k}</dt>
            <dd className="text-2xl font-bold">{v}</dd>
          </div>
        ))}
      </dl>
      <section aria-labelledby="by-district" className="card overflow-x-auto">
        <h2 id="by-district" className="mb-2 text-lg font-semibold">
          Voting intention by polling district
        </h2>
        <p className="mb-2 text-sm text-stone-600">
          Each elector's latest intention, by when it was recorded.
        </p>
        <table className="w-full text-sm">
          <thead>
            <tr className="text-left">
              <th scope="col">District</th>
              <th scope="col">Electors</th>
              <th scope="col">Canvassed</th>
              {codes.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {x.districts.map((r) => (
              <tr key={r.district} className="border-t border-stone-200">
                <th scope="row" className="text-left">
                  {r.district}
                </th>
                <td>{fmt(r.electors)}</td>
                <td>{fmt(r.canvassed)}</td>
                {codes.map((c) => (
                  <td key={c}>{fmt(r.intentions[c] ?? 0)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="canvassers" className="card overflow-x-auto">
        <h2 id="canvassers" className="mb-2 text-lg font-semibold">
          Canvassers
        </h2>
        {x.canvassers.length === 0 ? (
          <Empty>No doorstep records yet.</Empty>
        ) : (
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left">
                <th scope="col">Canvasser</th>
                <th scope="col">Doors</th>
                <th scope="col">Contact rate</th>
                <th scope="col">Median time between doors</th>
                <th scope="col">
                  <abbr title="How far this canvasser's intentions are from everyone else's: 0 alike, 1 nothing in common">
                    Calibration
                  </abbr>
                </th>
                <th scope="col">Worth a friendly word</th>
              </tr>
            </thead>
            <tbody>
              {x.canvassers.map((c) => (
                <tr key={c.memberId} className="border-t border-stone-200">
                  <th scope="row" className="text-left">
                    {c.name}
                  </th>
                  <td>{fmt(c.doors)}</td>
                  <td>{pct(c.contactRate)}</td>
                  <td>{c.medianSecondsBetweenDoors === null ? '–' : `${c.medianSecondsBetweenDoors} s`}</td>
                  <td>{c.calibration === null ? '–' : c.calibration.toFixed(2)}</td>
                  <td className={c.flags.length ? 'font-medium text-red-800' : ''}>
                    {c.flags.map((f) => FLAG_TEXT[f] ?? f).join('; ') || '–'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="walk-progress" className="card">
        <h2 id="walk-progress" className="mb-2 text-lg font-semibold">
          Walks
        </h2>
        <ul className="space-y-1 text-sm">
          {x.walks.map((w) => (
            <li key={w.id}>
              {w.name}: {w.visited} of {w.doors} doors ({pct(w.progress)}), {fmt(w.records)} records
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function SessionsSection({ branchId }: { branchId: string }) {
  const qc = useQueryClient();
  const sessions = useQuery({
    queryKey: ['canvass-sessions', branchId],
    queryFn: () => api<SessionList>(`/api/canvass/branches/${branchId}/sessions`),
  });
  const walks = useQuery({
    queryKey: ['walks', branchId],
    queryFn: () => api<WalkList>(`/api/canvass/branches/${branchId}/walks`),
  });
  const [form, setForm] = useState({ title: '', date: '', start: '10:00', end: '12:00', meetingPoint: '' });
  const [chosen, setChosen] = useState<string[]>([]);
  const create = useMutation({
    mutationFn: () =>
      api<{ id: string }>(`/api/canvass/branches/${branchId}/sessions`, {
        method: 'POST',
        json: {
          title: form.title,
          startsAt: new Date(`${form.date}T${form.start}`).toISOString(),
          endsAt: new Date(`${form.date}T${form.end}`).toISOString(),
          meetingPoint: form.meetingPoint,
          walkIds: chosen,
        },
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['canvass-sessions', branchId] }),
  });
  const field = (k: keyof typeof form, label: string, type = 'text') => (
    <div>
      <label htmlFor={`session-${k}`} className="label">
        {label}
      </label>
      <input
        id={`session-${k}`}
        type={type}
        className="input"
        required
        value={form[k]}
        onChange={(e) => setForm({ ...form, [k]: e.target.value })}
      />
    </div>
  );
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form
        aria-labelledby="new-session"
        className="card space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <h2 id="new-session" className="text-lg font-semibold">
          New canvass session
        </h2>
        {field('title', 'Title')}
        <div className="grid grid-cols-3 gap-2">
          {field('date', 'Date', 'date')}
          {field('start', 'From', 'time')}
          {field('end', 'Until', 'time')}
        </div>
        {field('meetingPoint', 'Meeting point')}
        <fieldset>
          <legend className="label">Walks</legend>
          <div className="max-h-40 overflow-y-auto">
            {(walks.data?.walks ?? []).map((w) => (
              <label key={w.id} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={chosen.includes(w.id)}
                  onChange={(e) =>
                    setChosen(e.target.checked ? [...chosen, w.id] : chosen.filter((x) => x !== w.id))
                  }
                />
                {w.name}
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" className="btn" disabled={create.isPending}>
          Create the session
        </button>
        <ErrorNote error={create.error} />
        {create.data && (
          <Success>
            Created. Share the sign-up page:{' '}
            <Link
              className="link"
              to={`/s/${create.data.id}`}
            >{`${location.origin}/s/${create.data.id}`}</Link>
          </Success>
        )}
      </form>
      <section aria-labelledby="upcoming" className="card">
        <h2 id="upcoming" className="mb-2 text-lg font-semibold">
          Sessions
        </h2>
        {sessions.isPending ? (
          <Loading />
        ) : sessions.error ? (
          <ErrorNote error={sessions.error} />
        ) : sessions.data.sessions.length === 0 ? (
          <Empty>No sessions planned.</Empty>
        ) : (
          <ul className="divide-y divide-stone-200">
            {sessions.data.sessions.map((s) => (
              <li key={s.id} className="py-2">
                <p className="font-medium">{s.title}</p>
                <p className="text-sm text-stone-600">
                  {new Date(s.startsAt).toLocaleString('en-GB')} · {s.meetingPoint} · {s.signups} signed up ·{' '}
                  {s.walks} walks ·{' '}
                  <Link className="link" to={`/s/${s.id}`}>
                    public sign-up page
                  </Link>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function IssuesSection({ branchId }: { branchId: string }) {
  const issues = useQuery({
    queryKey: ['doorstep-issues', branchId],
    queryFn: () =>
      api<{ issues: { issue: string; raised: number }[] }>(
        `/api/canvass/branches/${branchId}/issues?days=90`,
      ),
  });
  const conversations = useQuery({
    queryKey: ['conversations'],
    queryFn: () => api<{ conversations: ConversationListItem[] }>('/api/conversations'),
  });
  const [conversationId, setConversationId] = useState('');
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [picked, setPicked] = useState<string[]>([]);
  const send = useMutation({
    mutationFn: () =>
      api<{ added: number; pending: number; skipped: number }>(
        `/api/canvass/branches/${branchId}/issues/send`,
        {
          method: 'POST',
          json: { conversationId, statements: picked.map((i) => texts[i] ?? '') },
        },
      ),
  });
  if (issues.isPending) return <Loading />;
  if (issues.error) return <ErrorNote error={issues.error} />;
  if (issues.data.issues.length === 0)
    return <Empty>No issues raised on the doorstep in the last 90 days.</Empty>;
  return (
    <form
      aria-labelledby="raised"
      className="card space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        send.mutate();
      }}
    >
      <h2 id="raised" className="text-lg font-semibold">
        Raised on the doorstep (last 90 days)
      </h2>
      <p className="text-sm text-stone-600">
        Only the issues and how often: never who raised them. Tick the ones to put to members, write each as a
        statement they can agree or disagree with, and send them to a Common Ground conversation.{' '}
        <a className="link" href={`/api/canvass/branches/${branchId}/issues.csv?days=90`}>
          Export as CSV
        </a>
      </p>
      <ul className="space-y-2">
        {issues.data.issues.map((i) => (
          <li key={i.issue} className="flex flex-wrap items-center gap-2">
            <label className="flex min-w-40 items-center gap-2">
              <input
                type="checkbox"
                checked={picked.includes(i.issue)}
                onChange={(e) => {
                  setPicked(e.target.checked ? [...picked, i.issue] : picked.filter((x) => x !== i.issue));
                  if (!texts[i.issue])
                    setTexts({ ...texts, [i.issue]: `We should act on ${i.issue} in our area.` });
                }}
              />
              <span className="font-medium">{i.issue}</span>{' '}
              <span className="text-stone-600">×{i.raised}</span>
            </label>
            {picked.includes(i.issue) && (
              <input
                aria-label={`Statement for ${i.issue}`}
                className="input flex-1"
                maxLength={280}
                value={texts[i.issue] ?? ''}
                onChange={(e) => setTexts({ ...texts, [i.issue]: e.target.value })}
              />
            )}
          </li>
        ))}
      </ul>
      <label htmlFor="send-to" className="label">
        Conversation
      </label>
      <select
        id="send-to"
        className="input"
        required
        value={conversationId}
        onChange={(e) => setConversationId(e.target.value)}
      >
        <option value="">Choose…</option>
        {(conversations.data?.conversations ?? []).map((c) => (
          <option key={c.id} value={c.id}>
            {c.title}
          </option>
        ))}
      </select>
      <button
        type="submit"
        className="btn"
        disabled={picked.length === 0 || !conversationId || send.isPending}
      >
        Send {picked.length} as statements
      </button>
      <ErrorNote error={send.error} />
      {send.data && (
        <Success>
          {send.data.added} added
          {send.data.pending ? `, ${send.data.pending} waiting for a moderator` : ''}
          {send.data.skipped ? `, ${send.data.skipped} already there` : ''}.
        </Success>
      )}
    </form>
  );
}

function ElectorsSection({ branchId }: { branchId: string }) {
  const me = useMe();
  const officer = (me.data?.capabilities['electors.rights']?.length ?? 0) > 0;
  return (
    <div className="space-y-6">
      <ElectorSearch branchId={branchId} officer={officer} />
      {officer && <RetentionPanel />}
    </div>
  );
}

function ElectorDetails({ id }: { id: string }) {
  const card = useQuery({
    queryKey: ['elector', id],
    queryFn: () => api<ElectorCard>(`/api/canvass/electors/${id}`),
  });
  if (card.isPending) return <Loading />;
  if (card.error) return <ErrorNote error={card.error} />;
  const c = card.data;
  const latest = c.latestIntention;
  return (
    <div className="mt-2 w-full rounded-lg bg-stone-50 p-3 text-sm">
      <p>
        {c.postal ? 'Postal voter. ' : ''}Voted in:{' '}
        {c.turnout.length
          ? c.turnout.map((t) => `${t.election}${t.postal ? ' (by post)' : ''}`).join(', ')
          : 'none recorded'}
        .
      </p>
      <p>
        Latest intention:{' '}
        {latest
          ? `${latest.intention}${latest.strength ? ` (${latest.strength}/3)` : ''}, ${new Date(latest.madeAt).toLocaleDateString('en-GB')}`
          : 'none recorded'}
      </p>
      <ul className="mt-1 list-disc pl-5">
        {c.records.map((r) => (
          <li key={r.id}>
            {new Date(r.madeAt).toLocaleString('en-GB')}: {r.outcome.replace(/_/g, ' ')}
            {r.intention ? `, ${r.intention}` : ''}
            {r.issues.length ? `; raised ${r.issues.join(', ')}` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}

function RetentionPanel() {
  const qc = useQueryClient();
  const status = useQuery({
    queryKey: ['retention'],
    queryFn: () => api<RetentionStatus>('/api/canvass/retention'),
  });
  const run = useMutation({
    mutationFn: () => api('/api/canvass/retention', { method: 'POST' }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['retention'] }),
  });
  if (status.isPending) return <Loading />;
  if (status.error) return <ErrorNote error={status.error} />;
  return (
    <section aria-labelledby="retention" className="card space-y-2">
      <h2 id="retention" className="text-lg font-semibold">
        Retention
      </h2>
      <p className="text-sm text-stone-600">
        Doorstep records are deleted {fmt(status.data.days)} days after they were made, and sign-ups once a
        session is that old. The job runs daily.
      </p>
      {status.data.runs.length === 0 ? (
        <Empty>The job has not run yet.</Empty>
      ) : (
        <ul className="text-sm">
          {status.data.runs.map((r) => (
            <li key={r.id}>
              {new Date(r.ranAt).toLocaleString('en-GB')}: deleted {fmt(r.canvassRecords)} doorstep records
              and {fmt(r.signups)} sign-ups made before {new Date(r.cutoff).toLocaleDateString('en-GB')}
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="btn-secondary" disabled={run.isPending} onClick={() => run.mutate()}>
        Run it now
      </button>
      <ErrorNote error={run.error} />
    </section>
  );
}

function ElectorSearch({ branchId, officer }: { branchId: string; officer: boolean }) {
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const hits = useQuery({
    queryKey: ['electors', branchId, search],
    queryFn: () =>
      api<ElectorHits>(`/api/canvass/branches/${branchId}/electors?q=${encodeURIComponent(search)}`),
    enabled: search.length >= 2,
  });
  const erase = useMutation({
    mutationFn: (id: string) => api(`/api/canvass/electors/${id}`, { method: 'DELETE' }),
    onSuccess: () => void hits.refetch(),
  });
  return (
    <section aria-labelledby="find" className="card space-y-3">
      <h2 id="find" className="text-lg font-semibold">
        Find an elector
      </h2>
      <p className="text-sm text-stone-600">Every search and every look is recorded in the audit log.</p>
      <form
        role="search"
        className="flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(q.trim());
        }}
      >
        <label htmlFor="elector-q" className="sr-only">
          Name, address or postcode
        </label>
        <input
          id="elector-q"
          className="input"
          placeholder="Name, address or postcode"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <button type="submit" className="btn">
          Search
        </button>
      </form>
      {hits.isFetching && <Loading label="Searching…" />}
      <ErrorNote error={hits.error ?? erase.error} />
      {hits.data && hits.data.electors.length === 0 && <Empty>No elector matches.</Empty>}
      <ul className="divide-y divide-stone-200">
        {hits.data?.electors.map((e) => (
          <li key={e.id} className="flex flex-wrap items-center gap-2 py-2">
            <span className="flex-1">
              <span className="font-medium">{e.name}</span> <span className="text-xs">{e.electorNumber}</span>
              <br />
              <span className="text-sm text-stone-600">
                {e.address}
                {e.removed ? ' (no longer on the register)' : ''}
              </span>
            </span>
            <button
              type="button"
              className="btn-secondary"
              aria-expanded={open === e.id}
              onClick={() => setOpen(open === e.id ? null : e.id)}
            >
              {open === e.id ? 'Hide' : 'View'}
            </button>
            {officer && (
              <>
                <a className="btn-secondary" href={`/api/canvass/electors/${e.id}/data`}>
                  Subject-access export
                </a>
                <button
                  type="button"
                  className="btn-danger"
                  onClick={() => {
                    if (
                      window.confirm(
                        `Erase ${e.name} and every doorstep record about them? This cannot be undone.`,
                      )
                    )
                      erase.mutate(e.id);
                  }}
                >
                  Erase
                </button>
              </>
            )}
            {open === e.id && <ElectorDetails id={e.id} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

function CodesSection({ branchId }: { branchId: string }) {
  const qc = useQueryClient();
  const codes = useQuery({
    queryKey: ['intention-codes', branchId],
    queryFn: () => api<{ codes: { code: string; label: string }[] }>(`/api/doorstep/codes/${branchId}`),
  });
  const [text, setText] = useState<string | null>(null);
  const shown = text ?? codes.data?.codes.map((c) => `${c.code} ${c.label}`).join('\n') ?? '';
  const save = useMutation({
    mutationFn: () =>
      api(`/api/canvass/branches/${branchId}/codes`, {
        method: 'PUT',
        json: {
          codes: shown
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean)
            .map((l) => {
              const [code = '', ...label] = l.split(/\s+/);
              return { code, label: label.join(' ') || code };
            }),
        },
      }),
    onSuccess: () => {
      setText(null);
      void qc.invalidateQueries({ queryKey: ['intention-codes', branchId] });
    },
  });
  if (codes.isPending) return <Loading />;
  if (codes.error) return <ErrorNote error={codes.error} />;
  return (
    <form
      aria-labelledby="codes-title"
      className="card max-w-xl space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h2 id="codes-title" className="text-lg font-semibold">
        Voting-intention codes
      </h2>
      <p className="text-sm text-stone-600">
        One a line: the code, then its label. Branches below this one use these codes unless they set their
        own; walks downloaded from now on carry them, and records with any other code are refused.
      </p>
      <label htmlFor="codes" className="label">
        Codes
      </label>
      <textarea
        id="codes"
        className="input font-mono"
        rows={10}
        value={shown}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" className="btn" disabled={save.isPending}>
        Save the codes
      </button>
      <ErrorNote error={save.error} />
      {save.isSuccess && <Success>Saved.</Success>}
    </form>
  );
}

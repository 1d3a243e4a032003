import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { Empty, ErrorNote, Loading, PageTitle } from '../components/ui.tsx';
import { colourOf, convApi, type Report } from '../deliberation.ts';

type Shown = Report['statements'][number];

/** Each group's agreement with a statement, as labelled bars. */
function GroupBars({ s }: { s: Shown }) {
  return (
    <ul className="mt-2 grid gap-1" aria-label="Agreement by group">
      {s.byGroup.map((g) => (
        <li key={g.group} className="grid grid-cols-[6rem_1fr_3rem] items-center gap-2 text-sm">
          <span>{g.label}</span>
          <span className="relative h-3 overflow-hidden rounded bg-stone-200" aria-hidden>
            <span
              className="absolute inset-y-0 left-0"
              style={{ width: `${Math.round(g.agreeShare * 100)}%`, background: colourOf(g.group) }}
            />
          </span>
          <span>{Math.round(g.agreeShare * 100)}%</span>
        </li>
      ))}
    </ul>
  );
}

function StatementList({ items, testId }: { items: Shown[]; testId: string }) {
  return (
    <ol className="grid gap-3" data-testid={testId}>
      {items.map((s) => (
        <li key={s.id} className="card break-inside-avoid">
          <p className="font-medium">{s.text}</p>
          <p className="text-sm text-stone-600">
            {s.agree} agree · {s.disagree} disagree · {s.pass} pass
          </p>
          <GroupBars s={s} />
        </li>
      ))}
    </ol>
  );
}

export function ConversationReportPage() {
  const { id = '' } = useParams();
  const report = useQuery({
    queryKey: ['report', id],
    queryFn: () => convApi<Report>(id, '/report'),
    refetchInterval: 10_000,
  });
  if (report.isPending) return <Loading />;
  if (report.error) return <ErrorNote error={report.error} />;
  const r = report.data;
  const maxVotes = Math.max(1, ...r.participation.map((d) => d.votes));
  return (
    <article>
      <PageTitle lead={r.conversation.question}>Report: {r.conversation.title}</PageTitle>
      <p className="-mt-2 mb-4 flex flex-wrap gap-3 text-sm text-stone-600 print:hidden">
        <Link className="link" to={`/conversations/${id}`}>
          Back to voting
        </Link>
        <button
          type="button"
          className="link"
          onClick={() => void navigator.clipboard.writeText(window.location.href)}
        >
          Copy link to this report
        </button>
        <button type="button" className="link" onClick={() => window.print()}>
          Print
        </button>
      </p>
      {r.conversation.canModerate && (
        <nav aria-label="Exports" className="card mb-4 text-sm print:hidden">
          <p className="mb-1 font-medium">
            Exports (participant numbers only; each download is recorded in the audit log)
          </p>
          <ul className="flex flex-wrap gap-3">
            {(['votes.csv', 'comments.csv', 'participants-votes.csv'] as const).map((f) => (
              <li key={f}>
                <a className="link" href={`/api/conversations/${id}/export/polis/${f}`} download={f}>
                  Polis {f}
                </a>
              </li>
            ))}
            <li>
              <a
                className="link"
                href={`/api/conversations/${id}/export/analysis.json`}
                download="analysis.json"
              >
                Analysis JSON
              </a>
            </li>
          </ul>
        </nav>
      )}
      <p className="mb-4 text-sm text-stone-700">
        {r.participants} participants in {r.groups.length} groups
        {r.computedAt && ` · as of ${new Date(r.computedAt).toLocaleString()}`}. Groups and statements only:
        nobody's votes are shown, and groups under five people are counted as “others”.
      </p>
      <section aria-labelledby="common" className="mb-8">
        <h2 id="common" className="mb-2 text-xl font-bold">
          Common ground: what every group supports
        </h2>
        {r.commonGround.length === 0 ? (
          <Empty>No statement has enough support in every group yet.</Empty>
        ) : (
          <StatementList items={r.commonGround} testId="common-ground" />
        )}
      </section>
      <section aria-labelledby="groups" className="mb-8">
        <h2 id="groups" className="mb-2 text-xl font-bold">
          The groups
        </h2>
        <ul className="grid gap-3 sm:grid-cols-2">
          {r.groups.map((g) => (
            <li key={g.id} className="card break-inside-avoid">
              <p className="font-semibold">
                <span
                  aria-hidden
                  className="mr-2 inline-block h-3 w-3 rounded-full"
                  style={{ background: colourOf(g.id) }}
                />
                {g.label} · {g.size} people
              </p>
              <ul className="mt-2 list-disc pl-5 text-sm">
                {g.representative.map((s) => (
                  <li key={s.statementId}>
                    {s.direction === 'agree' ? 'Agree' : 'Disagree'}: {s.text}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="divisive" className="mb-8">
        <h2 id="divisive" className="mb-2 text-xl font-bold">
          Where groups differ
        </h2>
        {r.divisive.length === 0 ? (
          <Empty>No statement divides the groups sharply.</Empty>
        ) : (
          <StatementList items={r.divisive} testId="divisive" />
        )}
      </section>
      <section aria-labelledby="participation">
        <h2 id="participation" className="mb-2 text-xl font-bold">
          Participation over time
        </h2>
        <table className="w-full text-left text-sm">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Votes</th>
              <th scope="col">Voters</th>
              <th scope="col" className="w-1/2">
                <span className="sr-only">Votes as a bar</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {r.participation.map((d) => (
              <tr key={d.day}>
                <td>{d.day}</td>
                <td>{d.votes}</td>
                <td>{d.voters}</td>
                <td>
                  <span
                    className="block h-2 rounded bg-orange-700"
                    style={{ width: `${(d.votes / maxVotes) * 100}%` }}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </article>
  );
}

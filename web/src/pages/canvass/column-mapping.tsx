/**
 * The column mapping for a register in another layout: the file's header is read in the browser, and for each
 * field the organiser picks one of its columns (or leaves the column found by its usual name).
 */
import { useEffect, useState } from 'react';
import { parse } from 'csv-parse/browser/esm/sync';
import { headerKey, REGISTER_COLUMNS, REGISTER_FIELDS, type RegisterField } from '../../canvass.ts';

export type ColumnChoice = Partial<Record<RegisterField, string>>;

/** The header row of a CSV file: its first line, read from the first 64 KiB. */
async function readHeader(file: File): Promise<string[]> {
  const text = await file.slice(0, 64 * 1024).text();
  const rows = parse(text, {
    bom: true,
    to_line: 1,
    relax_column_count: true,
    relax_quotes: true,
    trim: true,
  });
  const first: unknown = rows[0];
  return Array.isArray(first) ? first.map(String).filter(Boolean) : [];
}

/** The column a field is found under without a choice: the first header that is one of its usual names. */
function foundColumn(field: RegisterField, header: readonly string[]): string | undefined {
  const names = new Set(REGISTER_COLUMNS[field].headers.map(headerKey));
  return header.find((h) => names.has(headerKey(h)));
}

export function ColumnMapping({
  file,
  choice,
  onChange,
}: {
  file: File | null;
  choice: ColumnChoice;
  onChange: (c: ColumnChoice) => void;
}) {
  // What was read, and from which file: a header read from an earlier file is not this one's.
  const [read, setRead] = useState<{ file: File; header: string[] | null } | null>(null);
  useEffect(() => {
    if (!file) return;
    let live = true;
    readHeader(file).then(
      (header) => live && setRead({ file, header }),
      () => live && setRead({ file, header: null }),
    );
    return () => {
      live = false;
    };
  }, [file]);
  const mine = read && read.file === file ? read : null;
  const header = mine?.header;
  const failed = mine !== null && header === null;
  if (!file)
    return <p className="text-sm text-stone-600">Choose the file first: its columns are listed here.</p>;
  if (failed) return <p role="alert">The first line of the file could not be read as CSV column names.</p>;
  if (!header) return <p className="text-sm text-stone-600">Reading the file’s columns…</p>;
  return (
    <fieldset>
      <legend className="sr-only">Which column holds each field</legend>
      <p className="mb-2 text-sm text-stone-600">
        The file has {header.length} columns. For each field, pick the column that holds it; a field left as
        it is uses the column found by its usual name, if there is one.
      </p>
      <div className="grid gap-3 sm:grid-cols-2">
        {REGISTER_FIELDS.map((field) => {
          const found = foundColumn(field, header);
          return (
            <div key={field}>
              <label htmlFor={`map-${field}`} className="label">
                {REGISTER_COLUMNS[field].label}
              </label>
              <select
                id={`map-${field}`}
                className="input"
                value={choice[field] ?? ''}
                onChange={(e) => {
                  const rest = Object.fromEntries(Object.entries(choice).filter(([f]) => f !== field));
                  onChange(e.target.value ? { ...rest, [field]: e.target.value } : rest);
                }}
              >
                <option value="">{found ? `As found: “${found}”` : 'Not in the file'}</option>
                {header.map((h, i) => (
                  <option key={`${h}-${i}`} value={h}>
                    {h}
                  </option>
                ))}
              </select>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

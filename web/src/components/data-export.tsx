import { useMutation } from '@tanstack/react-query';
import { ErrorNote, Success } from './ui.tsx';

/** Saves data as a JSON file through the browser's download. */
function downloadJson(name: string, data: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/** A subject-access export: fetches it with `load` and saves it as `file`, then says so (or shows the error). */
export function DataExportButton({
  load,
  file,
  label,
  done,
}: {
  load: () => Promise<unknown>;
  file: string;
  label: string;
  done: string;
}) {
  const exportData = useMutation({
    mutationFn: load,
    onSuccess: (data) => downloadJson(file, data),
  });
  return (
    <>
      <button
        type="button"
        className="btn-secondary"
        onClick={() => exportData.mutate()}
        disabled={exportData.isPending}
      >
        {label}
      </button>
      {exportData.isSuccess && <Success>{done}</Success>}
      <ErrorNote error={exportData.error} />
    </>
  );
}

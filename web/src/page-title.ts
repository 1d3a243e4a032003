/** Each page names itself in the browser's tab and history: "Page · Broadchurch". */
import { useEffect } from 'react';

export function usePageTitle(title: string | null | undefined): void {
  useEffect(() => {
    if (!title) return;
    const before = document.title;
    document.title = `${title} · Broadchurch`;
    return () => {
      document.title = before;
    };
  }, [title]);
}

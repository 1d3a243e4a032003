import { Link } from 'react-router';
import { PageTitle } from '../components/ui.tsx';
import { useT } from '../i18n/index.ts';

export function NotFoundPage() {
  const t = useT();
  return (
    <>
      <PageTitle>{t('notFound.title')}</PageTitle>
      <Link to="/" className="link">
        {t('notFound.home')}
      </Link>
    </>
  );
}

import { Link } from 'react-router';
import { PageTitle } from '../components/ui.tsx';

export function NotFoundPage() {
  return (
    <>
      <PageTitle>Page not found</PageTitle>
      <Link to="/" className="link">
        Go to your home page
      </Link>
    </>
  );
}

import Link from 'next/link';
import type { CurrentUser } from '@/server/auth/session';
import { SignOutButton } from './auth/SignOutButton';
import styles from './layout.module.css';

/** The top of every signed-in page: skip link, product name, navigation, who is signed in, sign out. */
export function SiteHeader({ user }: { user: CurrentUser }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className={styles.header}>
        <div className={styles.headerInner}>
          <Link href="/" className={styles.brand}>
            Together Board
          </Link>
          <nav aria-label="Main" className={styles.nav}>
            <Link href="/">Home</Link>
            <Link href="/gallery">Mural gallery</Link>
            {user.isFacilitator ? <Link href="/programmes">Programmes</Link> : null}
          </nav>
          <div className={styles.account}>
            <span>
              Signed in as <strong>{user.name || user.email || 'you'}</strong>
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
    </>
  );
}

import type { Metadata } from 'next';
import { SiteHeader } from '@/components/site-header';
import { HomeView } from '@/components/home/home-view';
import { requireUser } from '@/server/auth/session';
import { db } from '@/server/db/client';
import { getHome, todayInUk } from '@/server/programme/home';

export const metadata: Metadata = { title: 'Home' };

/** Home: my cohorts, partner, project, next workshop and boards; the programmes I run. */
export default async function HomePage() {
  const user = await requireUser('/');
  const home = await getHome(db(), user, todayInUk());
  return (
    <>
      <SiteHeader user={user} />
      <main id="main" className="page">
        <HomeView home={home} name={user.name} />
      </main>
    </>
  );
}

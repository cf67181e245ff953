import type { Metadata } from 'next';
import { SiteHeader } from '@/components/site-header';
import { CreateProgrammeForm } from '@/components/programme/create-programme-form';
import { ProgrammeList } from '@/components/programme/programme-list';
import { requireUser } from '@/server/auth/session';
import { db } from '@/server/db/client';
import { listProgrammes } from '@/server/programme/programmes';

export const metadata: Metadata = { title: 'Programmes' };

/** The programmes I can see; facilitators can create one here. */
export default async function ProgrammesPage() {
  const user = await requireUser('/programmes');
  const programmes = await listProgrammes(db(), user);
  return (
    <>
      <SiteHeader user={user} />
      <main id="main" className="page">
        <h1>Programmes</h1>
        <ProgrammeList programmes={programmes} />
        {user.isFacilitator ? (
          <div className="card">
            <CreateProgrammeForm />
          </div>
        ) : null}
      </main>
    </>
  );
}

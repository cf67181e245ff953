import { signOutAction } from '@/server/auth/actions';

/** A sign-out button (a form, so it works with a keyboard and without JavaScript). */
export function SignOutButton() {
  return (
    <form action={signOutAction}>
      <button type="submit" className="secondary">
        Sign out
      </button>
    </form>
  );
}

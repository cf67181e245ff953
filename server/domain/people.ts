/** Who is acting: the signed-in person, as far as the services need to know. */
export interface Actor {
  id: string;
  isFacilitator: boolean;
}

/** A display name for a person: never blank, because lists are read aloud by screen readers. */
export function displayName(user: { name: string | null; email: string | null }): string {
  return user.name?.trim() || user.email || 'Unnamed person';
}

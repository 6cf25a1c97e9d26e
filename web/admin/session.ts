// The signed-in key, kept for the tab's session only (sessionStorage: gone when the tab closes,
// never shared with other tabs, never in a URL or a cookie), and what its role lets the console
// offer. Pure: the storage is passed in; tested in test/web/.

const STORAGE_KEY = 'dtl.admin.apiKey';
/**
 * The GraphQL IDE (/graphql) keeps its tabs and history in this tab's storage under this prefix,
 * the Authorization header the console's key filled in included: signing out forgets them too.
 */
const IDE_PREFIX = 'graphiql:';
/** Keys are `dtl_` and 43 characters; the service refuses anything over 200 before looking it up. */
const MAX_KEY_LENGTH = 200;

/** The signed-in key of this tab. */
export interface Session {
  key(): string | undefined;
  signIn(key: string): void;
  signOut(): void;
}

/** What the console offers a role. */
export interface Offers {
  record: boolean;
  revise: boolean;
  retract: boolean;
  import: boolean;
}

/** What the session uses of a Storage (sessionStorage in the page). */
export type KeyStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'length' | 'key'>;

export function createSession(storage: KeyStorage): Session {
  return {
    /** The key, or undefined when signed out. */
    key() {
      return storage.getItem(STORAGE_KEY) ?? undefined;
    },
    signIn(key: string) {
      storage.setItem(STORAGE_KEY, key);
    },
    signOut() {
      storage.removeItem(STORAGE_KEY);
      const names: (string | null)[] = [];
      for (let i = 0; i < storage.length; i += 1) names.push(storage.key(i));
      for (const name of names) if (name?.startsWith(IDE_PREFIX)) storage.removeItem(name);
    },
  };
}

/** A key as typed or pasted: trimmed, and a "Bearer " prefix dropped; undefined when unusable. */
export function normaliseKey(text: string | null | undefined): string | undefined {
  const key = String(text ?? '')
    .trim()
    .replace(/^Bearer\s+/i, '');
  if (key === '' || key.length > MAX_KEY_LENGTH || /\s/.test(key)) return undefined;
  return key;
}

/**
 * What the console offers a role, as the service's guard decides it: editors record and revise;
 * only admins retract and restore, and import files; a reader key may look but not write.
 */
export function offersFor(role: string | null | undefined): Offers {
  const editor = role === 'editor' || role === 'admin';
  const admin = role === 'admin';
  return { record: editor, revise: editor, retract: admin, import: admin };
}

/**
 * The demo user picked on the sign-in page, kept in `sessionStorage` so that a
 * reload signs the same person in again without showing the picker, while a
 * new tab or browser session starts from the picker.
 */
const storageKey = 'shipyard.demoSignIn.userRef';

export const demoSignInChoice = {
  get(): string | undefined {
    try {
      return window.sessionStorage.getItem(storageKey) ?? undefined;
    } catch {
      // Storage can be disabled (privacy settings); then nothing is remembered.
      return undefined;
    }
  },
  set(userRef: string): void {
    try {
      window.sessionStorage.setItem(storageKey, userRef);
    } catch {
      // See get(): the choice then lasts until the page is reloaded.
    }
  },
  clear(): void {
    try {
      window.sessionStorage.removeItem(storageKey);
    } catch {
      // See get().
    }
  },
};

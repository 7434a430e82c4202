const STORAGE_KEY = 'skyroute.masterKey';

/**
 * Where the master key lives between page loads: this tab's session storage by default (gone when the
 * tab closes), local storage when the user asked to stay signed in on this device.
 */
export function readSessionKey(): string | undefined {
  return sessionStorage.getItem(STORAGE_KEY) ?? localStorage.getItem(STORAGE_KEY) ?? undefined;
}

export function saveSessionKey(key: string, remember: boolean): void {
  sessionStorage.setItem(STORAGE_KEY, key);
  if (remember) localStorage.setItem(STORAGE_KEY, key);
}

export function clearSessionKey(): void {
  sessionStorage.removeItem(STORAGE_KEY);
  localStorage.removeItem(STORAGE_KEY);
}

import Taro from '@tarojs/taro';
import { useSyncExternalStore } from 'react';
import type { Role, UserResponse } from '@wuye/shared';

// The one session store: token and user, persisted in Taro storage, observable by React.

export interface Session {
  token: string;
  user: UserResponse;
}

const STORAGE_KEY = 'wuye.session';
const listeners = new Set<() => void>();

function load(): Session | null {
  try {
    const raw: unknown = Taro.getStorageSync(STORAGE_KEY);
    if (!raw) return null;
    return (typeof raw === 'string' ? JSON.parse(raw) : raw) as Session;
  } catch {
    return null;
  }
}

let current: Session | null = load();

function publish(next: Session | null): void {
  current = next;
  if (next) Taro.setStorageSync(STORAGE_KEY, JSON.stringify(next));
  else Taro.removeStorageSync(STORAGE_KEY);
  listeners.forEach((listener) => listener());
}

export const sessionStore = {
  get: (): Session | null => current,
  set: (next: Session): void => publish(next),
  updateUser: (user: UserResponse): void => {
    if (current) publish({ ...current, user });
  },
  clear: (): void => publish(null),
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useSession(): Session | null {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get, sessionStore.get);
}

export function isStaffRole(role: Role | undefined): boolean {
  return role !== undefined && role !== 'owner';
}

export function isSupervisorRole(role: Role | undefined): boolean {
  return role === 'supervisor' || role === 'admin';
}

// A small stand-in for @tarojs/taro: only what the components under test touch. Each API is a
// jest.fn so tests can script the platform (chooseMedia, uploadFile…) and assert the calls.
// Page hooks: useDidShow runs on mount (the first show) and again at showPageAgain() (back from a
// page opened over it); pullDownRefresh() fires the page's pull-down handler; `router.params` is
// what useRouter returns.
import { useEffect, useRef } from 'react';

type Listener = (progress: { progress: number }) => void;

const storage = new Map<string, unknown>();

export interface UploadCall {
  options: { url: string; filePath: string; name: string; header?: Record<string, string>; success?: (res: { statusCode: number; data: string }) => void; fail?: (err: unknown) => void };
  progress: (percent: number) => void;
}

export const uploads: UploadCall[] = [];

const Taro = {
  ENV_TYPE: { WEAPP: 'WEAPP', WEB: 'WEB' },
  getEnv: jest.fn(() => 'WEB'),
  getStorageSync: jest.fn((key: string) => storage.get(key) ?? ''),
  setStorageSync: jest.fn((key: string, value: unknown) => void storage.set(key, value)),
  removeStorageSync: jest.fn((key: string) => void storage.delete(key)),
  showToast: jest.fn(() => Promise.resolve()),
  showModal: jest.fn(() => Promise.resolve({ confirm: true, cancel: false })),
  makePhoneCall: jest.fn(() => Promise.resolve()),
  request: jest.fn(() => Promise.reject(new Error('no network in component tests'))),
  chooseMedia: jest.fn(() => Promise.reject(new Error('cancelled'))),
  compressImage: jest.fn(({ src }: { src: string }) => Promise.resolve({ tempFilePath: src })),
  uploadFile: jest.fn((options: UploadCall['options']) => {
    const listeners: Listener[] = [];
    uploads.push({ options, progress: (percent) => listeners.forEach((l) => l({ progress: percent })) });
    return { onProgressUpdate: (listener: Listener) => listeners.push(listener), abort: jest.fn() };
  }),
  previewImage: jest.fn(() => Promise.resolve()),
  navigateTo: jest.fn(() => Promise.resolve()),
  navigateBack: jest.fn(() => Promise.resolve()),
  stopPullDownRefresh: jest.fn(),
  redirectTo: jest.fn(() => Promise.resolve()),
  reLaunch: jest.fn(() => Promise.resolve()),
  getCurrentPages: jest.fn(() => []),
  pxTransform: (size: number) => `${size}px`,
  nextTick: (fn: () => void) => setTimeout(fn, 0),
  getSystemInfoSync: () => ({ windowWidth: 375, windowHeight: 667, pixelRatio: 2, platform: 'devtools' }),
  createSelectorQuery: () => {
    const query = {
      select: () => query,
      selectAll: () => query,
      boundingClientRect: () => query,
      exec: (cb?: (res: unknown[]) => void) => cb?.([{ width: 100, height: 20, left: 0, top: 0 }]),
    };
    return query;
  },
};

export const router: { params: Record<string, string> } = { params: {} };
const pullDownHandlers = new Set<() => void>();
const showHandlers = new Set<() => void>();

export function resetTaroMock(): void {
  storage.clear();
  uploads.length = 0;
  router.params = {};
  for (const value of Object.values(Taro)) {
    if (typeof value === 'function' && 'mockClear' in value) (value as jest.Mock).mockClear();
  }
}

export const { getEnv, createSelectorQuery, pxTransform, nextTick, getSystemInfoSync, ENV_TYPE } = Taro;
export function useDidShow(callback: () => void): void {
  const latest = useRef(callback);
  latest.current = callback;
  useEffect(() => {
    latest.current();
    const handler = () => latest.current();
    showHandlers.add(handler);
    return () => void showHandlers.delete(handler);
  }, []);
}
/** The user comes back to the page (from a page opened over it): its useDidShow handlers run again. */
export function showPageAgain(): void {
  showHandlers.forEach((handler) => handler());
}
export const useReady = () => undefined;
/** Reaching the bottom of the page is not simulated. */
export const useReachBottom = (_callback: () => void) => undefined;
export function usePullDownRefresh(callback: () => void): void {
  const latest = useRef(callback);
  latest.current = callback;
  useEffect(() => {
    const handler = () => latest.current();
    pullDownHandlers.add(handler);
    return () => void pullDownHandlers.delete(handler);
  }, []);
}
/** The user pulls the page down. */
export function pullDownRefresh(): void {
  pullDownHandlers.forEach((handler) => handler());
}
export const useRouter = () => router;
export default Taro;

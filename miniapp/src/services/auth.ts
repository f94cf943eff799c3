import Taro from '@tarojs/taro';
import type { AuthResponse, LoginOptionsResponse, UserResponse } from '@wuye/shared';
import { networkFailure, request, type Quiet } from './request';
import { sessionStore } from './session';

/** Keeps a sign-in's token and user as the session (also after a password change: staff-password.ts). */
export function remember(auth: AuthResponse): AuthResponse {
  sessionStore.set({ token: auth.accessToken, user: auth.user });
  return auth;
}

/** Mini-program login: wx.login code → our server → code2session. */
export async function loginWithWechat(): Promise<AuthResponse> {
  let code: string;
  try {
    code = (await Taro.login()).code;
  } catch {
    // WeChat could not give a login code (offline, or its own service failed): say so, as a failed request would.
    throw networkFailure();
  }
  return remember(await request<AuthResponse>('/auth/wechat', { method: 'POST', data: { code } }));
}

export async function loginWithPassword(username: string, password: string): Promise<AuthResponse> {
  return remember(await request<AuthResponse>('/auth/login', { method: 'POST', data: { username, password } }));
}

/** Whether this server lets the H5 build's demo owners sign in; false when it cannot be asked. */
export const demoLoginOffered = () =>
  request<LoginOptionsResponse>('/auth/options', { silent: true }).then((o) => o.demoLogin, () => false);

/** Browser login for the demo owners (server runs with DEMO_LOGIN=true). */
export async function loginAsDemoOwner(owner: string): Promise<AuthResponse> {
  return remember(await request<AuthResponse>('/auth/demo', { method: 'POST', data: { owner } }));
}

/** The signed-in user read again; an answer arriving after a sign-out or another sign-in is not kept. */
export async function refreshMe(options: Quiet = {}): Promise<UserResponse> {
  const askedWith = sessionStore.get()?.token;
  const user = await request<UserResponse>('/me', options);
  if (sessionStore.get()?.token === askedWith) sessionStore.updateUser(user);
  return user;
}

export function logout(): void {
  sessionStore.clear();
}

import { act, renderHook } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { useIdempotencyKey } from '../../src/hooks/use-idempotency-key';
import { ERROR_CODES } from '@wuye/shared';
import { request, RequestError, TOAST_MAX_CHARS } from '../../src/services/request';
import { sessionStore } from '../../src/services/session';

const requestMock = Taro.request as unknown as jest.Mock;
const session = { token: 't-1', user: { id: 'u-1', role: 'owner' as const, name: '吴女士', username: null, communityIds: [] } };

describe('request wrapper', () => {
  beforeEach(() => sessionStore.set(session));
  afterEach(() => sessionStore.clear());

  it('sends the bearer token and returns the body', async () => {
    requestMock.mockResolvedValueOnce({ statusCode: 200, data: { ok: true } });
    await expect(request('/me')).resolves.toEqual({ ok: true });
    expect(requestMock).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/api/me', method: 'GET', header: expect.objectContaining({ Authorization: 'Bearer t-1' }) }),
    );
  });

  it('shows the Chinese message the API sends with its code, never the raw code', async () => {
    requestMock.mockResolvedValueOnce({
      statusCode: 409,
      data: { statusCode: 409, code: 'CASE_TRANSITION_NOT_ALLOWED', message: '工单当前状态不能进行此操作，请刷新' },
    });
    await expect(request('/cases/x/accept', { method: 'POST' })).rejects.toMatchObject({
      code: 'CASE_TRANSITION_NOT_ALLOWED', message: '工单当前状态不能进行此操作，请刷新',
    });
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '工单当前状态不能进行此操作，请刷新' }));
  });

  it('shows a message too long for a toast\'s two lines (WeChat drops the rest) whole, in a dialog', async () => {
    const message = ERROR_CODES.IDEMPOTENCY_KEY_REUSED.message;
    expect(Array.from(message).length).toBeGreaterThan(TOAST_MAX_CHARS);
    requestMock.mockResolvedValueOnce({ statusCode: 422, data: { statusCode: 422, code: 'IDEMPOTENCY_KEY_REUSED', message } });
    await expect(request('/cases', { method: 'POST' })).rejects.toMatchObject({ message });
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: message, showCancel: false }));
    expect(Taro.showToast).not.toHaveBeenCalled();
  });

  it('never shows English text from a proxy or a framework: the status says it in Chinese', async () => {
    requestMock.mockResolvedValueOnce({ statusCode: 413, data: { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: 'Request Entity Too Large' } });
    await expect(request('/uploads', { method: 'POST' })).rejects.toMatchObject({ message: '内容太大' });
    requestMock.mockResolvedValueOnce({ statusCode: 502, data: '<html><body>502 Bad Gateway</body></html>' });
    await expect(request('/cases')).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: '服务暂时不可用' });
    expect(Taro.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '服务暂时不可用' }));
  });

  it('on 401 forgets the session and sends the user to login', async () => {
    requestMock.mockResolvedValueOnce({ statusCode: 401, data: { statusCode: 401, code: 'TOKEN_INVALID', message: '登录已失效，请重新登录' } });
    await expect(request('/me')).rejects.toBeInstanceOf(RequestError);
    expect(sessionStore.get()).toBeNull();
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/login/index' });
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '登录已失效，请重新登录' }));
  });

  it('keeps a session whose token was replaced while a request with the old one was under way (a password changed)', async () => {
    let answer!: (reply: unknown) => void;
    requestMock.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    const old = request('/cases').catch((e: RequestError) => e);
    sessionStore.set({ ...session, token: 't-2' });
    answer({ statusCode: 401, data: { statusCode: 401, code: 'TOKEN_INVALID', message: '登录已失效，请重新登录' } });
    expect(await old).toMatchObject({ code: 'TOKEN_INVALID' });
    expect(sessionStore.get()?.token).toBe('t-2');
    expect(Taro.reLaunch).not.toHaveBeenCalled();
  });

  it('on a stopped account says so, forgets the session and sends the user to login', async () => {
    requestMock.mockResolvedValueOnce({ statusCode: 403, data: { statusCode: 403, code: 'ACCOUNT_DISABLED', message: '账号已停用，请联系管理员' } });
    await expect(request('/cases')).rejects.toMatchObject({ code: 'ACCOUNT_DISABLED' });
    expect(sessionStore.get()).toBeNull();
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/login/index' });
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '账号已停用，请联系管理员' }));
  });

  it('reports a network failure as retryable', async () => {
    requestMock.mockRejectedValueOnce(new Error('request:fail timeout'));
    const error = await request('/cases').catch((e: RequestError) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect((error as RequestError).isNetworkError).toBe(true);
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '网络异常，请稍后重试' }));
  });
});

describe('useIdempotencyKey', () => {
  it('keeps one key for a submission until the server answers, then starts a new one', () => {
    const { result } = renderHook(() => useIdempotencyKey());
    const first = result.current.current();
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(result.current.current()).toBe(first); // a retry after a network failure
    act(() => result.current.settle());
    expect(result.current.current()).not.toBe(first);
  });

  it('sends a retry after a network failure with the same key, and a new submission after an answer with a new key', async () => {
    const { result } = renderHook(() => useIdempotencyKey());
    const keys: string[] = [];
    const offline = (key: string) => {
      keys.push(key);
      return Promise.reject(new RequestError(0, 'NETWORK_ERROR', '网络异常'));
    };
    const refused = (key: string) => {
      keys.push(key);
      return Promise.reject(new RequestError(400, 'VALIDATION_FAILED', '提交的内容不完整或格式不正确'));
    };
    const accepted = (key: string) => {
      keys.push(key);
      return Promise.resolve({ id: 'case-1' });
    };
    await act(() => expect(result.current.send(offline)).rejects.toBeInstanceOf(RequestError));
    await act(async () => expect(await result.current.send(accepted)).toEqual({ id: 'case-1' }));
    await act(() => expect(result.current.send(refused)).rejects.toBeInstanceOf(RequestError));
    await act(async () => expect(await result.current.send(accepted)).toEqual({ id: 'case-1' }));
    expect(keys[1]).toBe(keys[0]); // the retry after the network failure
    expect(keys[2]).not.toBe(keys[1]); // answered: the next submission is a new one
    expect(keys[3]).not.toBe(keys[2]); // answered with a refusal: an edited resubmission is new too
  });

  it('keeps the key after a gateway timeout, when the case may already be stored, so the retry cannot create a second one', async () => {
    const { result } = renderHook(() => useIdempotencyKey());
    const keys: string[] = [];
    const timedOut = (key: string) => {
      keys.push(key);
      return Promise.reject(new RequestError(504, 'SERVICE_UNAVAILABLE', '服务暂不可用，请稍后重试'));
    };
    const accepted = (key: string) => {
      keys.push(key);
      return Promise.resolve({ id: 'case-1' });
    };
    await act(() => expect(result.current.send(timedOut)).rejects.toBeInstanceOf(RequestError));
    await act(async () => expect(await result.current.send(accepted)).toEqual({ id: 'case-1' }));
    expect(keys[1]).toBe(keys[0]);
  });
});

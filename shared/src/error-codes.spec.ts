import { clientErrorMessage, FALLBACK_MESSAGES, NETWORK_ERROR_MESSAGE } from './client-errors';
import { ERROR_CODES } from './error-codes';

describe('the messages the mini-program words itself', () => {
  it.each(Object.entries(FALLBACK_MESSAGES))('%s reads as the API words it', (code, message) => {
    expect(message).toBe(ERROR_CODES[code as keyof typeof ERROR_CODES].message);
  });

  it('shows the API\'s own Chinese message, else the fallback of the first code that has one, else the network one', () => {
    expect(clientErrorMessage(ERROR_CODES.CASE_CHANGED.message, 'CASE_CHANGED', 'MALFORMED_REQUEST')).toBe('工单已被他人更新，请刷新后再操作');
    // A proxy's or a framework's English text is not shown.
    expect(clientErrorMessage('Conflict', 'CASE_TRANSITION_NOT_ALLOWED', 'MALFORMED_REQUEST')).toBe('请求格式不正确');
    expect(clientErrorMessage('<html>502 Bad Gateway</html>', 'SERVICE_UNAVAILABLE')).toBe('服务暂时不可用');
    expect(clientErrorMessage(undefined, 'SERVICE_UNAVAILABLE')).toBe('服务暂时不可用');
    expect(clientErrorMessage(undefined, 'SOMETHING_NEW')).toBe(NETWORK_ERROR_MESSAGE);
    expect(clientErrorMessage('oops', 'constructor', 'toString')).toBe(NETWORK_ERROR_MESSAGE);
    expect(clientErrorMessage(undefined)).toBe(NETWORK_ERROR_MESSAGE);
  });
});

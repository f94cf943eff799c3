import { Logger, type ArgumentsHost } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AllExceptionsFilter } from './all-exceptions.filter';

/** What the filter answers for `exception`: the status and body it sends. */
function answer(exception: unknown): { status: number; body: { statusCode: number; code: string } } {
  const sent: { status?: number; body?: { statusCode: number; code: string } } = {};
  const res = {
    headersSent: false,
    status(code: number) { sent.status = code; return this; },
    json(body: { statusCode: number; code: string }) { sent.body = body; return this; },
  };
  const host = { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
  new AllExceptionsFilter().catch(exception, host);
  return { status: sent.status!, body: sent.body! };
}

const pgError = (code: string, message: string) =>
  new QueryFailedError('SELECT $1::timestamptz', ['0000-12-02'], Object.assign(new Error(message), { code }));

describe('AllExceptionsFilter', () => {
  let logged: jest.SpyInstance;
  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => logged.mockRestore());

  it.each([
    ['22008', 'date/time field value out of range: "0000-12-02"'],
    ['22007', 'invalid input syntax for type timestamp with time zone: "soon"'],
    ['22003', 'integer out of range'],
    ['22P02', 'invalid input syntax for type uuid: "x"'],
  ])('answers a database refusal of bad input (%s) with 400 VALIDATION_FAILED, not a 500', (code, message) => {
    expect(answer(pgError(code, message))).toMatchObject({ status: 400, body: { statusCode: 400, code: 'VALIDATION_FAILED' } });
    expect(logged).not.toHaveBeenCalled();
  });

  it('answers an insert naming a house deleted meanwhile with 404 HOUSE_NOT_FOUND; another foreign key stays a 500', () => {
    const refused = (constraint: string) => Object.assign(pgError('23503', `violates foreign key constraint "${constraint}"`), { constraint });
    expect(answer(refused('cases_house_id_fkey'))).toMatchObject({ status: 404, body: { code: 'HOUSE_NOT_FOUND' } });
    expect(answer(refused('house_bindings_house_id_fkey'))).toMatchObject({ status: 404, body: { code: 'HOUSE_NOT_FOUND' } });
    expect(answer(refused('cases_community_id_fkey'))).toMatchObject({ status: 500, body: { code: 'INTERNAL_ERROR' } });
  });

  it.each([
    ['a statement cancelled by statement_timeout', pgError('57014', 'canceling statement due to statement timeout')],
    ['no pooled connection in time', new Error('timeout exceeded when trying to connect')],
  ])('answers %s with 503 SERVER_BUSY, and logs it', (_label, exception) => {
    expect(answer(exception)).toMatchObject({ status: 503, body: { statusCode: 503, code: 'SERVER_BUSY' } });
    expect(logged).toHaveBeenCalled();
  });

  it('keeps other database failures a 500', () => {
    expect(answer(pgError('XX000', 'internal error'))).toMatchObject({ status: 500, body: { code: 'INTERNAL_ERROR' } });
    // …and logs it, for whoever runs the server.
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('internal error'));
  });
});

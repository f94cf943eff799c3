import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { ERROR_CODES, type ErrorCode } from '@wuye/shared';
import { uploads, type UploadCall } from './mocks/taro';

/** Taro's Input/Textarea render their real element asynchronously inside a web component. */
export async function typeInto(field: 'textarea' | 'input', value: string, index = 0, root: HTMLElement = document.body) {
  const element = await waitFor(() => {
    const found = root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(`${field}`)[index];
    if (!found) throw new Error(`no ${field} #${index} yet`);
    return found;
  });
  fireEvent.input(element, { target: { value } });
  return element;
}

/** Taps the chip with this label inside the chip group named `group`. */
export function chooseChip(group: string, label: string) {
  const chips = screen.getByLabelText(group, { selector: '[role=radiogroup],[role=group]' });
  fireEvent.click(within(chips).getByText(label, { exact: true }));
}

/** The error shown under the form field labelled `label` (its required mark left out), or null. */
export function errorUnder(label: string): string | null {
  const field = Array.from(document.querySelectorAll('.field')).find(
    (f) => f.querySelector('.field__label')?.textContent?.replace(/^\*/, '') === label,
  );
  if (!field) throw new Error(`no field labelled ${label}`);
  return field.querySelector(':scope > .field__error')?.textContent ?? null;
}

/** The NutUI button whose text is `label` (a <taro-button-core>, not a role=button). */
export function tapButton(label: string) {
  const text = screen.getByText(label, { exact: true });
  fireEvent.click(text.closest('.nut-button') ?? text);
}

/** Taps star `n` (1-based) of the NutUI Rate inside the row named `row`. */
export function tapStar(row: string, n: number) {
  const stars = screen.getByLabelText(row).querySelectorAll('.nut-rate-item');
  fireEvent.click(stars[n - 1]);
}

/**
 * One faked server answer: a status and body, or no answer at all (offline, timeout), or one that
 * comes only when the test says so (`held`).
 */
export type FakeReply = { statusCode: number; data: unknown } | 'offline' | { held: Promise<FakeReply> };

/** An answer that arrives when `release` is called: for what a page does while a request is under way. */
export function held(): { reply: FakeReply; release: (reply: FakeReply) => void } {
  let release!: (reply: FakeReply) => void;
  const promise = new Promise<FakeReply>((resolve) => (release = resolve));
  return { reply: { held: promise }, release };
}

export const ok = (data: unknown): FakeReply => ({ statusCode: 200, data });

/** The server refusing with `code`, its status and body as the API sends them. */
export function refused(code: ErrorCode): FakeReply {
  const statusCode = ERROR_CODES[code].status;
  return { statusCode, data: { statusCode, code, message: ERROR_CODES[code].message } };
}

/** One request the page made: its route, query, headers and body. */
export interface SentRequest {
  route: string;
  query: Record<string, string>;
  header: Record<string, string>;
  data: unknown;
}

/**
 * Answers Taro.request by route, "GET /cases/c-1" (no /api prefix, no query string). Change an
 * answer at any time with `answer`, or give a list: one answer per request, the last one repeating.
 * `calls` lists the routes requested, in order, and `sent` the requests themselves (query, headers, body).
 * A route without an answer fails like a lost connection.
 */
export function fakeApi(routes: Record<string, FakeReply | FakeReply[]>) {
  const table = new Map(Object.entries(routes));
  const calls: string[] = [];
  const sent: SentRequest[] = [];
  (Taro.request as unknown as jest.Mock).mockImplementation(
    async ({ url, method = 'GET', header = {}, data }: { url: string; method?: string; header?: Record<string, string>; data?: unknown }) => {
      const [path, search = ''] = url.replace(/^\/api/, '').split('?');
      const route = `${method} ${path}`;
      calls.push(route);
      sent.push({ route, query: Object.fromEntries(new URLSearchParams(search)), header, data });
      const answers = table.get(route) ?? 'offline';
      let reply = Array.isArray(answers) ? (answers.length > 1 ? answers.shift()! : answers[0]) : answers;
      while (typeof reply === 'object' && 'held' in reply) reply = await reply.held;
      if (reply === 'offline') throw new Error(`request:fail (${route})`);
      return reply;
    },
  );
  return { answer: (route: string, reply: FakeReply | FakeReply[]) => void table.set(route, reply), calls, sent };
}

/** Taps 添加照片 and waits for the upload it starts (the spec mocks choosing and compressing the photo). */
export async function startUpload(): Promise<UploadCall> {
  const before = uploads.length;
  await act(async () => {
    screen.getByLabelText('添加照片').click();
  });
  await waitFor(() => expect(uploads).toHaveLength(before + 1));
  return uploads[before];
}

/** The server's answer to an upload that stored the photo as `id`. */
export const photoStored = (id: string) => ({ statusCode: 201, data: JSON.stringify({ id, url: `/api/uploads/${id}/content?sig=x` }) });

import Taro from '@tarojs/taro';
import type { UploadResponse } from '@wuye/shared';
import { apiUrl, authHeader, failure, networkFailure, request, RequestError, safeJson } from './request';

function parsed(data: unknown): UploadResponse | null {
  const body = (typeof data === 'string' ? safeJson(data) : data) as Partial<UploadResponse> | null;
  return body && typeof body.id === 'string' ? (body as UploadResponse) : null;
}

/** `POST /api/uploads` (multipart field `file`) with progress in percent. */
export function uploadPhoto(filePath: string, onProgress?: (percent: number) => void): Promise<UploadResponse> {
  return new Promise((resolve, reject) => {
    const task = Taro.uploadFile({
      url: apiUrl('/uploads'),
      filePath,
      name: 'file',
      fileName: 'photo.jpg', // H5 only: the multipart file name; the server checks the content
      header: authHeader(),
      success: (res) => {
        if (res.statusCode >= 200 && res.statusCode < 300) {
          // A 2xx that is not the API's answer (a Wi-Fi portal's page) is a failed upload, not a
          // throw inside this callback, which would leave the photo 上传中 for ever.
          const uploaded = parsed(res.data);
          if (uploaded) resolve(uploaded);
          else reject(networkFailure());
        } else {
          // The proxy in front refuses a body over its limit with a page of its own: a photo too big.
          const body = (typeof res.data === 'string' ? safeJson(res.data) : res.data) as { code?: string } | null;
          const tooBig = res.statusCode === 413 && !body?.code;
          reject(failure(res.statusCode, tooBig ? { code: 'UPLOAD_TOO_LARGE' } : res.data));
        }
      },
      fail: () => reject(networkFailure()),
    } as Taro.uploadFile.Option);
    task?.onProgressUpdate?.((progress) => onProgress?.(progress.progress));
  });
}

/**
 * `DELETE /api/uploads/:id`: a photo removed before it was submitted, so it stops counting toward the
 * 30 a user may have waiting. Quiet: should it fail, the server removes the photo within a day anyway.
 */
export function deleteUpload(id: string): Promise<void> {
  return request<void>(`/uploads/${id}`, { method: 'DELETE', silent: true });
}

/** Photos sent with a case or step (or on their way): never discarded with their form. */
const sent = new Set<string>();

/**
 * Sends a request that carries `photoIds`. From then on those photos stay when their form goes,
 * unless the server refused the request (a 4xx: nothing was attached).
 */
export async function sendingPhotos<T>(ids: string[] | undefined, send: () => Promise<T>): Promise<T> {
  ids?.forEach((id) => sent.add(id));
  try {
    return await send();
  } catch (error) {
    if (error instanceof RequestError && error.statusCode >= 400 && error.statusCode < 500) ids?.forEach((id) => sent.delete(id));
    throw error;
  }
}

/**
 * The photos of a form that went without sending them (取消, a refusal that closed it, the page
 * left): deleted on the server, quietly, so they do not fill the 30 a user may have waiting.
 */
export function discardPhotos(ids: string[]): void {
  for (const id of ids) if (!sent.has(id)) deleteUpload(id).catch(() => undefined);
}

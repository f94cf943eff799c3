import Taro from '@tarojs/taro';
import type { UploadResponse } from '@wuye/shared';
import { apiUrl, authHeader, failure, networkFailure } from './request';

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
          resolve((typeof res.data === 'string' ? JSON.parse(res.data) : res.data) as UploadResponse);
        } else {
          reject(failure(res.statusCode, res.data));
        }
      },
      fail: () => reject(networkFailure()),
    } as Taro.uploadFile.Option);
    task?.onProgressUpdate?.((progress) => onProgress?.(progress.progress));
  });
}

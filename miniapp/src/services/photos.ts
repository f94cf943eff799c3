import Taro from '@tarojs/taro';

// WeChat: choose from album or camera, then let WeChat recompress. The H5 variant is photos.h5.ts.

export async function choosePhotos(count: number): Promise<string[]> {
  const result = await Taro.chooseMedia({
    count,
    mediaType: ['image'],
    sizeType: ['compressed'],
    sourceType: ['album', 'camera'],
  });
  return result.tempFiles.map((file) => file.tempFilePath);
}

export async function compressPhoto(path: string): Promise<string> {
  try {
    const { tempFilePath } = await Taro.compressImage({ src: path, quality: 70 });
    return tempFilePath;
  } catch {
    return path; // an uncompressed photo is better than none; the server still checks size
  }
}

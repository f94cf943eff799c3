import Taro from '@tarojs/taro';

// Browser variant: Taro's chooseMedia opens a file input; compression is done with a canvas,
// since Taro has no compressImage on H5.

const MAX_EDGE = 1600;

export async function choosePhotos(count: number): Promise<string[]> {
  const result = await Taro.chooseMedia({ count, mediaType: ['image'], sourceType: ['album'] });
  return result.tempFiles.map((file) => file.tempFilePath);
}

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = reject;
    image.src = src;
  });
}

export async function compressPhoto(path: string): Promise<string> {
  try {
    const image = await loadImage(path);
    const scale = Math.min(1, MAX_EDGE / Math.max(image.naturalWidth, image.naturalHeight));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(image.naturalWidth * scale);
    canvas.height = Math.round(image.naturalHeight * scale);
    const context = canvas.getContext('2d');
    if (!context) return path;
    context.fillStyle = '#fff'; // JPEG has no transparency
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.8));
    return blob ? URL.createObjectURL(blob) : path;
  } catch {
    return path;
  }
}

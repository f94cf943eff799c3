import { Image, Text, View } from '@tarojs/components';
import { useEffect, useRef, useState } from 'react';
import type { UploadResponse } from '@wuye/shared';
import { choosePhotos, compressPhoto } from '../services/photos';
import { deleteUpload, discardPhotos, uploadPhoto } from '../services/uploads';
import { assetUrl } from '../services/request';

export const MAX_PHOTOS = 9;

interface PendingUpload {
  key: number;
  preview: string;
  percent: number;
}

interface PhotoPickerProps {
  value: UploadResponse[];
  onChange: (photos: UploadResponse[]) => void;
  /** Lets the form wait for uploads still running. */
  onUploadingChange?: (uploading: number) => void;
  max?: number;
}

/** Choose, compress and upload up to `max` photos, showing each upload's progress. */
export function PhotoPicker({ value, onChange, onUploadingChange, max = MAX_PHOTOS }: PhotoPickerProps) {
  const [pending, setPending] = useState<PendingUpload[]>([]);
  const latest = useRef(value);
  latest.current = value;
  const nextKey = useRef(0);

  // The form went (取消, closed after a refusal, the page left): photos it never sent are deleted,
  // and so are those whose upload ends after it went.
  const gone = useRef(false);
  useEffect(() => () => {
    gone.current = true;
    discardPhotos(latest.current.map((photo) => photo.id));
  }, []);

  const reportUploading = useRef(onUploadingChange);
  reportUploading.current = onUploadingChange;
  useEffect(() => reportUploading.current?.(pending.length), [pending.length]);

  const add = async () => {
    const room = max - value.length - pending.length;
    if (room <= 0) return;
    let paths: string[];
    try {
      paths = await choosePhotos(room);
    } catch {
      return; // H5: the user closed the file dialog (WeChat's choosePhotos answers [] and says itself why)
    }
    await Promise.all(
      paths.slice(0, room).map(async (path) => {
        const key = nextKey.current++;
        setPending((items) => [...items, { key, preview: path, percent: 0 }]);
        try {
          const compressed = await compressPhoto(path);
          const photo = await uploadPhoto(compressed, (percent) =>
            setPending((items) => items.map((item) => (item.key === key ? { ...item, percent } : item))),
          );
          if (gone.current) return discardPhotos([photo.id]);
          latest.current = [...latest.current, photo];
          onChange(latest.current);
        } catch {
          // the request wrapper already showed why
        } finally {
          setPending((items) => items.filter((item) => item.key !== key));
        }
      }),
    );
  };

  const remove = (id: string) => {
    onChange(value.filter((photo) => photo.id !== id));
    deleteUpload(id).catch(() => undefined);
  };

  return (
    <View className="photos">
      {value.map((photo) => (
        <View key={photo.id} className="photos__item">
          <Image className="photos__image" src={assetUrl(photo.url)} mode="aspectFill" />
          <View className="photos__remove" aria-label="删除照片" onClick={() => remove(photo.id)}>×</View>
        </View>
      ))}
      {pending.map((item) => (
        <View key={item.key} className="photos__item photos__item--pending">
          <Image className="photos__image" src={item.preview} mode="aspectFill" />
          <Text className="photos__progress">上传中 {Math.round(item.percent)}%</Text>
        </View>
      ))}
      {value.length + pending.length < max ? (
        <View className="photos__add" onClick={add} aria-label="添加照片">
          <Text className="photos__plus">+</Text>
          <Text className="photos__hint">{value.length + pending.length}/{max}</Text>
        </View>
      ) : null}
    </View>
  );
}

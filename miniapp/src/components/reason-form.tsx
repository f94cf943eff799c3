import { View } from '@tarojs/components';
import { Button, TextArea } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { ChipSelect } from './chip-select';
import { useFormSubmit } from '../hooks/use-form-submit';

interface ReasonFormProps {
  title: string;
  presets?: readonly string[];
  confirmText: string;
  onSubmit: (reason: string) => Promise<void> | void;
  onCancel: () => void;
  maxLength?: number;
  /** Said when the box is empty; a reply is not a reason. */
  emptyError?: string;
}

/** A short "why?" form: preset chips or free text; used for withdraw, hold, reopen, reply. */
export function ReasonForm({ title, presets = [], confirmText, onSubmit, onCancel, maxLength = 500, emptyError = '请填写原因' }: ReasonFormProps) {
  const [reason, setReason] = useState('');
  const { busy, error, submit } = useFormSubmit(reason.trim() ? null : emptyError);

  return (
    <View className="card form" aria-label={title}>
      <View className="card__title">{title}</View>
      {presets.length ? (
        <ChipSelect label="常用原因" options={presets.map((p) => ({ value: p, label: p }))} value={presets.includes(reason) ? reason : null} onChange={setReason} />
      ) : null}
      <TextArea value={reason} onChange={setReason} maxLength={maxLength} placeholder="请填写" />
      {error ? <View className="field__error" role="alert">{error}</View> : null}
      <View className="form__buttons">
        <Button size="small" onClick={onCancel}>取消</Button>
        <Button size="small" type="primary" loading={busy} onClick={() => submit(() => onSubmit(reason.trim()))}>{confirmText}</Button>
      </View>
    </View>
  );
}

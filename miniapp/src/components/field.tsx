import { Text, View } from '@tarojs/components';
import type { PropsWithChildren } from 'react';

/** A labelled form row; `error` shows under the control. */
export function Field({ label, required, error, children }: PropsWithChildren<{ label: string; required?: boolean; error?: string | null }>) {
  return (
    <View className="field">
      <View className="field__label">
        {required ? <Text className="field__required">*</Text> : null}
        {label}
      </View>
      {children}
      {error ? <View className="field__error" role="alert">{error}</View> : null}
    </View>
  );
}

/** Beside a form's submit button: how many fields above still need something (each says what). */
export function ProblemCount({ count }: { count: number }) {
  return count ? <View className="field__error form__error" role="alert">还有 {count} 项未完成，见上方提示</View> : null;
}

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

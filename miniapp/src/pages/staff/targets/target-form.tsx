import { View } from '@tarojs/components';
import { Input } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import type { ReportTargetResponse } from '@wuye/shared';
import { Field } from '../../../components/field';
import { errorReason } from '../../../services/request';
import { FormShell } from '../components/action-forms';
import { parseTypedTarget, targetValueText, typedText, typedUnit } from './target-values';

interface TargetFormProps {
  target: ReportTargetResponse;
  /** What else saving does, in words (a suggestion is saved with the other suggestions). */
  note: string;
  /** Sends the new value (the API's unit); a refusal is thrown and shown in the form, which keeps what was typed. */
  onSubmit: (value: number) => Promise<void>;
  onCancel: () => void;
}

/** Changes one target's value, checked against the server's limits before anything is sent. */
export function TargetForm({ target, note, onSubmit, onCancel }: TargetFormProps) {
  const [text, setText] = useState(() => typedText(target.metric, target.target));
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    const parsed = parseTypedTarget(target.metric, text);
    setProblem(typeof parsed === 'string' ? parsed : null);
    setError(null);
    if (typeof parsed === 'string' || busy) return;
    setBusy(true);
    try {
      await onSubmit(parsed);
    } catch (refusal) {
      setError(errorReason(refusal));
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormShell title={`修改目标 ${target.label}`} confirmText="保存" error={error} busy={busy} onConfirm={confirm} onCancel={onCancel}>
      <View className="muted">基线 {targetValueText(target.metric, target.baseline)}。{note}</View>
      <Field label={`目标值（${typedUnit(target.metric)}）`} required error={problem}>
        <Input type="digit" value={text} onChange={setText} placeholder="请输入数字" maxLength={9} />
      </Field>
    </FormShell>
  );
}

import { View } from '@tarojs/components';
import { Button, Input, TextArea } from '@nutui/nutui-react-taro';
import { useState, type PropsWithChildren } from 'react';
import {
  FOLLOW_UP_METHOD_LABELS, FOLLOW_UP_RESULT_LABELS, ROLE_LABELS,
  type FollowUpMethod, type FollowUpRequest, type FollowUpResult, type UploadResponse,
} from '@wuye/shared';
import { ChipSelect, optionsOf } from '../../../components/chip-select';
import { Field } from '../../../components/field';
import { PhotoPicker } from '../../../components/photo-picker';
import { useFormSubmit } from '../../../hooks/use-form-submit';
import { useLoaded } from '../../../hooks/use-loaded';
import { LoadFailed } from '../../../components/load-state';
import { listHandlers } from '../../../services/staff';

// The staff forms behind the action buttons that need input. Each validates before calling
// onSubmit; the request wrapper shows server errors.

interface FormShellProps {
  title: string;
  confirmText: string;
  error: string | null;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A titled form card with its error line and 取消 / confirm buttons (also used by the SLA policy page). */
export function FormShell({ title, confirmText, error, busy, onConfirm, onCancel, children }: PropsWithChildren<FormShellProps>) {
  return (
    <View className="card form" aria-label={title}>
      <View className="card__title">{title}</View>
      {children}
      {error ? <View className="field__error" role="alert">{error}</View> : null}
      <View className="form__buttons">
        <Button size="small" onClick={onCancel}>取消</Button>
        <Button size="small" type="primary" loading={busy} onClick={onConfirm}>{confirmText}</Button>
      </View>
    </View>
  );
}

interface NoteFormProps {
  title: string;
  confirmText: string;
  /** What the text box holds, above it (处理结果, 答复内容…), and the hint inside it. */
  noteLabel: string;
  noteHint: string;
  noteRequired?: boolean;
  /** Resolving a suggestion: whether it is adopted must be chosen (the work summary counts them). */
  askAdoption?: boolean;
  /** A progress note: who may read it — the owner too, or staff only (the hint then says so). */
  askAudience?: boolean;
  onSubmit: (body: { note: string; photoIds?: string[]; adopted?: boolean; internal?: boolean }) => Promise<void> | void;
  onCancel: () => void;
}

const ADOPTION_OPTIONS = [{ value: 'yes', label: '采纳' }, { value: 'no', label: '暂不采纳' }] as const;
const AUDIENCE_OPTIONS = [{ value: 'owner', label: '业主可见' }, { value: 'staff', label: '仅物业内部' }] as const;

/** Progress note or resolution: text plus up to 9 photos (and, for a suggestion's resolution, 采纳 or not). */
export function NoteForm({
  title, confirmText, noteLabel, noteHint, noteRequired = true, askAdoption = false, askAudience = false, onSubmit, onCancel,
}: NoteFormProps) {
  const [note, setNote] = useState('');
  const [audience, setAudience] = useState<'owner' | 'staff'>('owner');
  const internal = askAudience && audience === 'staff';
  const [photos, setPhotos] = useState<UploadResponse[]>([]);
  const [uploading, setUploading] = useState(0);
  const [adoption, setAdoption] = useState<'yes' | 'no' | null>(null);
  const { busy, error, submit } = useFormSubmit(askAdoption && !adoption ? '请选择是否采纳该建议'
    : noteRequired && !note.trim() ? `请填写${noteLabel}` : uploading > 0 ? '照片还在上传，请稍候' : null);
  const confirm = () =>
    submit(() => onSubmit({
      note: note.trim(),
      ...(photos.length ? { photoIds: photos.map((p) => p.id) } : {}),
      ...(askAdoption ? { adopted: adoption === 'yes' } : {}),
      ...(internal ? { internal: true } : {}),
    }));
  return (
    <FormShell title={title} confirmText={confirmText} error={error} busy={busy} onConfirm={confirm} onCancel={onCancel}>
      {askAdoption ? (
        <Field label="是否采纳" required>
          <ChipSelect label="是否采纳" options={ADOPTION_OPTIONS} value={adoption} onChange={setAdoption} />
        </Field>
      ) : null}
      {askAudience ? (
        <Field label="谁可以看到">
          <ChipSelect label="谁可以看到" options={AUDIENCE_OPTIONS} value={audience} onChange={setAudience} />
        </Field>
      ) : null}
      <Field label={noteLabel} required={noteRequired}>
        <TextArea value={note} onChange={setNote} maxLength={1000}
          placeholder={internal ? '只有物业人员能看到，业主看不到这条记录和照片' : noteHint} />
      </Field>
      <PhotoPicker value={photos} onChange={setPhotos} onUploadingChange={setUploading} />
    </FormShell>
  );
}

interface AssignFormProps {
  communityId: string;
  currentAssigneeId: string | null;
  onSubmit: (body: { handlerId: string; note?: string }) => Promise<void> | void;
  onCancel: () => void;
}

/** Pick a handler of the case's community, with what they should know (带梯子, 先电话联系业主). */
export function AssignForm({ communityId, currentAssigneeId, onSubmit, onCancel }: AssignFormProps) {
  // A failed load offers 重试; it is not "nobody to assign".
  const handlerList = useLoaded(communityId, () => listHandlers(communityId, { silent: true }));
  const handlers = handlerList.value;
  const [handlerId, setHandlerId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const { busy, error, submit } = useFormSubmit(handlerId ? null : '请选择处理人员');
  const options = (handlers ?? [])
    .filter((h) => h.id !== currentAssigneeId)
    .map((h) => ({ value: h.id, label: `${h.name}（${ROLE_LABELS[h.role]}）` }));
  // A case that has a handler is being reassigned (supervisors): say so.
  const verb = currentAssigneeId ? '改派' : '派单';
  return (
    <FormShell
      title={verb}
      confirmText={`确认${verb}`}
      error={error}
      busy={busy}
      onCancel={onCancel}
      onConfirm={() => submit(() => onSubmit({ handlerId: handlerId as string, ...(note.trim() ? { note: note.trim() } : {}) }))}
    >
      {handlerList.error ? <LoadFailed error={handlerList.error} onRetry={handlerList.retry} /> : null}
      {handlers === null && !handlerList.error ? <View className="muted">加载处理人员…</View> : null}
      {handlers !== null && options.length === 0 ? <View className="muted">{currentAssigneeId ? '本小区没有其他可派的处理人员' : '本小区没有可派的处理人员'}</View> : null}
      <ChipSelect label="处理人员" options={options} value={handlerId} onChange={setHandlerId} />
      <Field label={`${verb}说明（选填，业主可见）`}>
        <TextArea value={note} onChange={setNote} maxLength={1000} placeholder="如：需带梯子；请先电话联系业主" />
      </Field>
    </FormShell>
  );
}

export function FollowUpForm({ onSubmit, onCancel }: { onSubmit: (body: FollowUpRequest) => Promise<void> | void; onCancel: () => void }) {
  const [method, setMethod] = useState<FollowUpMethod | null>('phone');
  const [result, setResult] = useState<FollowUpResult | null>(null);
  const [note, setNote] = useState('');
  const { busy, error, submit } = useFormSubmit(!method ? '请选择回访方式' : !result ? '请选择回访结果' : null);
  const confirm = () =>
    submit(() =>
      onSubmit({ method: method as FollowUpMethod, result: result as FollowUpResult, ...(note.trim() ? { note: note.trim() } : {}) }),
    );
  return (
    <FormShell title="记录回访" confirmText="保存回访" error={error} busy={busy} onConfirm={confirm} onCancel={onCancel}>
      <Field label="回访方式" required>
        <ChipSelect label="回访方式" options={optionsOf(FOLLOW_UP_METHOD_LABELS)} value={method} onChange={setMethod} />
      </Field>
      <Field label="回访结果" required>
        <ChipSelect label="回访结果" options={optionsOf(FOLLOW_UP_RESULT_LABELS)} value={result} onChange={setResult} />
      </Field>
      <Field label="回访记录">
        <TextArea value={note} onChange={setNote} maxLength={1000} placeholder="业主的反馈" />
      </Field>
    </FormShell>
  );
}

const DUPLICATE_REASON = '重复工单';
const CANCEL_REASONS = [DUPLICATE_REASON, '无效报事', '业主撤回', '不属于物业服务范围'];

/** Cancel, or mark as a duplicate of another case (its id or number). */
export function CancelForm({ onSubmit, onCancel }: { onSubmit: (body: { reason: string; duplicateOf?: string }) => Promise<void> | void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  // Chosen with the 重复工单 chip and kept while the reason is edited ("重复工单，与 0007 相同").
  const [isDuplicate, setDuplicate] = useState(false);
  const [duplicateOf, setDuplicateOf] = useState('');
  const { busy, error, submit } = useFormSubmit(
    !reason.trim() ? '请填写撤销原因' : isDuplicate && !duplicateOf.trim() ? '请填写重复的工单编号' : null,
  );
  const pickReason = (picked: string) => {
    setReason(picked);
    setDuplicate(picked === DUPLICATE_REASON);
  };
  const confirm = () =>
    submit(() =>
      onSubmit({ reason: reason.trim(), ...(isDuplicate ? { duplicateOf: duplicateOf.trim() } : {}) }),
    );
  return (
    <FormShell title="撤销工单" confirmText="确认撤销" error={error} busy={busy} onConfirm={confirm} onCancel={onCancel}>
      <ChipSelect label="撤销原因" options={CANCEL_REASONS.map((r) => ({ value: r, label: r }))} value={isDuplicate ? DUPLICATE_REASON : CANCEL_REASONS.includes(reason) ? reason : null} onChange={pickReason} />
      <TextArea value={reason} onChange={(text) => (text === DUPLICATE_REASON ? pickReason(text) : setReason(text))} maxLength={500} placeholder="撤销原因" />
      {isDuplicate ? (
        <Field label="与哪张工单重复" required>
          <Input value={duplicateOf} onChange={setDuplicateOf} placeholder="工单编号，如 HY-20261130-0007" maxLength={64} />
        </Field>
      ) : null}
    </FormShell>
  );
}

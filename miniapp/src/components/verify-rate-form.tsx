import { Text, View } from '@tarojs/components';
import { Button, Rate, TextArea } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import {
  ratingTagsFor, VERIFY_WORDING, type CaseType, type VerifyWording, type RateRequest, type UploadResponse, type VerifyAnswer, type VerifyRequest,
} from '@wuye/shared';
import { ChipMulti, ChipSelect } from './chip-select';
import { Field } from './field';
import { PhotoPicker } from './photo-picker';
import { useFormSubmit } from '../hooks/use-form-submit';

const REASON_MAX = 500;
const COMMENT_MAX = 500;

interface VerifyFormProps {
  /** The question and its answers are worded for the case's type (解决 / 解答 / 答复 / 收到). */
  type: CaseType;
  onSubmit: (body: VerifyRequest) => Promise<void> | void;
  /** Staff verifying for an owner without an account may not attach photos from the owner. */
  allowPhotos?: boolean;
  /** Staff open the form from the action bar and may close it again; the owner's stays. */
  onCancel?: () => void;
  /** Other words for the question (staff recording the owner's answer); the type's own by default. */
  wording?: VerifyWording;
}

/** "Was it fixed?" — yes / partly / no; a reason (and optional photos) when not fixed. */
export function VerifyForm({ type, onSubmit, allowPhotos = true, onCancel, wording = VERIFY_WORDING[type] }: VerifyFormProps) {
  const [fixed, setFixed] = useState<VerifyAnswer | null>(null);
  const [reason, setReason] = useState('');
  const [photos, setPhotos] = useState<UploadResponse[]>([]);
  const [uploading, setUploading] = useState(0);
  const trimmed = reason.trim();
  const { busy, error, submit } = useFormSubmit(
    !fixed ? `请先回答：${wording.question}`
      : fixed !== 'yes' && !trimmed ? wording.reasonMissing
      : uploading > 0 && fixed !== 'yes' ? '照片还在上传，请稍候' : null,
  );
  const send = () => submit(() => onSubmit(
    fixed === 'yes'
      ? { fixed }
      : { fixed: fixed as VerifyAnswer, reason: trimmed, ...(photos.length ? { photoIds: photos.map((p) => p.id) } : {}) },
  ));

  return (
    <View className="card form" aria-label="确认处理结果">
      <View className="card__title">{wording.question}</View>
      <ChipSelect label={wording.label} options={answerOptions(wording.answers)} value={fixed} onChange={setFixed} />
      {fixed && fixed !== 'yes' ? (
        <Field label={wording.reasonLabel} required>
          <TextArea value={reason} onChange={setReason} maxLength={REASON_MAX} placeholder={wording.reasonHint} />
        </Field>
      ) : null}
      {/* Hidden, not removed, while not asked for: a picker removed deletes the photos it holds. */}
      {allowPhotos ? (
        <View style={fixed && fixed !== 'yes' ? undefined : { display: 'none' }}>
          <Field label="照片（可选）">
            <PhotoPicker value={photos} onChange={setPhotos} onUploadingChange={setUploading} />
          </Field>
        </View>
      ) : null}
      {error ? <View className="field__error" role="alert">{error}</View> : null}
      <Button type="primary" block loading={busy} onClick={send}>提交确认</Button>
      {onCancel ? <Button block disabled={busy} onClick={onCancel}>取消</Button> : null}
    </View>
  );
}

/** The answers the type offers, in the order yes, partly, no. */
const answerOptions = (answers: VerifyWording['answers']) =>
  (['yes', 'partly', 'no'] as const).flatMap((value) => (answers[value] ? [{ value, label: answers[value] as string }] : []));

const SUB_SCORES = [
  ['speed', '响应速度'],
  ['attitude', '服务态度'],
  ['quality', '处理质量'],
] as const;
type SubScore = (typeof SUB_SCORES)[number][0];

/** Satisfaction: overall stars (required), speed/attitude/quality stars, tag chips (those that fit the type), comment. */
export function RateForm({ type, onSubmit }: { type: CaseType; onSubmit: (body: RateRequest) => Promise<void> | void }) {
  const [overall, setOverall] = useState(0);
  const [scores, setScores] = useState<Record<SubScore, number>>({ speed: 0, attitude: 0, quality: 0 });
  const [tags, setTags] = useState<string[]>([]);
  const [comment, setComment] = useState('');
  const { busy, error, submit } = useFormSubmit(overall < 1 ? '请给本次服务打个总体评分' : null);
  const send = () => {
    const body: RateRequest = { overall };
    for (const [key] of SUB_SCORES) if (scores[key] > 0) body[key] = scores[key];
    if (tags.length) body.tags = tags;
    if (comment.trim()) body.comment = comment.trim();
    return submit(() => onSubmit(body));
  };

  return (
    <View className="card form" aria-label="服务评价">
      <View className="card__title">为本次服务评价</View>
      <View className="rate-row" aria-label="总体评分">
        <Text className="rate-row__label">总体评分</Text>
        <Rate value={overall} onChange={setOverall} />
      </View>
      {SUB_SCORES.map(([key, label]) => (
        <View key={key} className="rate-row" aria-label={label}>
          <Text className="rate-row__label">{label}</Text>
          <Rate value={scores[key]} onChange={(value: number) => setScores((s) => ({ ...s, [key]: value }))} />
        </View>
      ))}
      <ChipMulti label="评价标签" options={ratingTagsFor(type).map((tag) => ({ value: tag, label: tag }))} value={tags} onChange={setTags} />
      <Field label="留言（可选）">
        <TextArea value={comment} onChange={setComment} maxLength={COMMENT_MAX} placeholder="说说您的感受" />
      </Field>
      {error ? <View className="field__error" role="alert">{error}</View> : null}
      <Button type="primary" block loading={busy} onClick={send}>提交评价</Button>
    </View>
  );
}

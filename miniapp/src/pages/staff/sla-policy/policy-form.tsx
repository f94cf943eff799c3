import { View } from '@tarojs/components';
import { Input } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { SLA_POLICY_LIMITS, slaPolicyConflict, type FollowUpPolicy, type SetSlaPolicyRequest, type SlaPolicyResponse } from '@wuye/shared';
import { ChipSelect, optionsOf } from '../../../components/chip-select';
import { Field } from '../../../components/field';
import { errorReason } from '../../../services/request';
import { FormShell } from '../components/action-forms';

// The SLA policy of one type × urgency: how it reads, and the form that edits it. Kept in the
// staff subpackage (not shared/labels.ts, which owner pages import), so owners download none of it.

/** Chinese labels of the follow-up policies (SPEC §3). */
export const FOLLOW_UP_POLICY_LABELS: Record<FollowUpPolicy, string> = {
  always: '每单回访',
  when_unrated_or_low: '未评价或低分时回访',
  never: '不回访',
};

type Unit = 'minute' | 'hour' | 'day';
const UNIT_MINUTES: Record<Unit, number> = { minute: 1, hour: 60, day: 24 * 60 };
const UNIT_LABELS: Record<Unit, string> = { minute: '分钟', hour: '小时', day: '天' };

type DurationKey = 'respondMinutes' | 'resolveMinutes' | 'verifyHours' | 'followUpDueHours' | 'warnBeforeMinutes';

interface DurationSpec {
  key: DurationKey;
  label: string;
  /** Minutes in one unit of the API's field: 1 for the *Minutes fields, 60 for the *Hours ones. */
  scale: number;
  /** The units people choose from, smallest first. */
  units: readonly Unit[];
  /** The API's limits in its unit (SLA_POLICY_LIMITS, which the server validates with); whole numbers only. */
  min: number;
  max: number;
}

/** The durations of a policy, in the order they are shown (the follow-up policy goes after 确认期). */
export const DURATIONS: readonly DurationSpec[] = [
  { key: 'respondMinutes', label: '响应时限', scale: 1, units: ['minute', 'hour'], ...SLA_POLICY_LIMITS.respondMinutes },
  { key: 'resolveMinutes', label: '办结时限', scale: 1, units: ['hour', 'day'], ...SLA_POLICY_LIMITS.resolveMinutes },
  { key: 'verifyHours', label: '确认期', scale: 60, units: ['hour'], ...SLA_POLICY_LIMITS.verifyHours },
  { key: 'followUpDueHours', label: '回访期限', scale: 60, units: ['hour'], ...SLA_POLICY_LIMITS.followUpDueHours },
  { key: 'warnBeforeMinutes', label: '预警提前量', scale: 1, units: ['minute', 'hour'], ...SLA_POLICY_LIMITS.warnBeforeMinutes },
];

/**
 * The unit a duration reads best in: the largest offered one that divides it (days only beyond
 * 72 hours, as people say "72 小时" but "7 天"); minutes when none does.
 */
export function unitFor(minutes: number, units: readonly Unit[]): Unit {
  if (minutes === 0) return units[0];
  const fits = units.filter((u) => minutes % UNIT_MINUTES[u] === 0 && (u !== 'day' || minutes > 72 * 60));
  return fits[fits.length - 1] ?? 'minute';
}

/** "30 分钟", "72 小时", "15 天". */
export function durationText(minutes: number, units: readonly Unit[] = ['minute', 'hour', 'day']): string {
  const unit = unitFor(minutes, units);
  return `${minutes / UNIT_MINUTES[unit]} ${UNIT_LABELS[unit]}`;
}

/** A policy's duration as shown in its row. */
export const policyDurationText = (spec: DurationSpec, policy: SlaPolicyResponse): string =>
  durationText(policy[spec.key] * spec.scale, spec.units);

interface Amount {
  /** What was typed. */
  text: string;
  unit: Unit;
}
type Amounts = Record<DurationKey, Amount>;

function initialAmounts(policy: SlaPolicyResponse): Amounts {
  const amounts = {} as Amounts;
  for (const spec of DURATIONS) {
    const minutes = policy[spec.key] * spec.scale;
    const unit = unitFor(minutes, spec.units);
    amounts[spec.key] = { text: String(minutes / UNIT_MINUTES[unit]), unit };
  }
  return amounts;
}

/** The value for the API (in its unit), or the Chinese reason it cannot be sent. Mirrors the server's checks. */
export function parseDuration(spec: DurationSpec, amount: Amount): number | string {
  const text = amount.text.trim();
  if (!text) return `请填写${spec.label}`;
  if (!/^\d+$/.test(text)) return `${spec.label}请填写整数`;
  const value = (Number(text) * UNIT_MINUTES[amount.unit]) / spec.scale;
  if (!Number.isInteger(value) || value < spec.min || value > spec.max) {
    return `${spec.label}须在 ${durationText(spec.min * spec.scale)}至 ${durationText(spec.max * spec.scale)}之间`;
  }
  return value;
}

interface DurationFieldProps {
  spec: DurationSpec;
  value: Amount;
  error: string | null;
  onChange: (value: Amount) => void;
}

/** A number and, where there is a choice, its unit (分钟 / 小时 / 天). */
function DurationField({ spec, value, error, onChange }: DurationFieldProps) {
  // A value that fits none of the offered units (e.g. 90 minutes set through the API) stays in minutes.
  const units = spec.units.includes(value.unit) ? spec.units : (['minute', ...spec.units] as Unit[]);
  const single = units.length === 1;
  return (
    <Field label={single ? `${spec.label}（${UNIT_LABELS[units[0]]}）` : spec.label} required error={error}>
      <Input type="number" value={value.text} onChange={(text) => onChange({ ...value, text })} placeholder="请输入数字" maxLength={6} />
      {single ? null : (
        <ChipSelect
          label={`${spec.label}单位`}
          options={units.map((u) => ({ value: u, label: UNIT_LABELS[u] }))}
          value={value.unit}
          onChange={(unit) => onChange({ ...value, unit })}
        />
      )}
    </Field>
  );
}

interface PolicyFormProps {
  /** "报修·紧急". */
  label: string;
  policy: SlaPolicyResponse;
  /** Sends the policy; a refusal is thrown and shown in the form, which keeps what was typed. */
  onSubmit: (body: SetSlaPolicyRequest) => Promise<void>;
  onCancel: () => void;
}

/** Edits one type × urgency. Every value is checked here first, against the server's own limits. */
export function PolicyForm({ label, policy, onSubmit, onCancel }: PolicyFormProps) {
  const [amounts, setAmounts] = useState<Amounts>(() => initialAmounts(policy));
  const [followUpPolicy, setFollowUpPolicy] = useState<FollowUpPolicy>(policy.followUpPolicy);
  const [problems, setProblems] = useState<Partial<Record<DurationKey, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    const values = {} as Record<DurationKey, number>;
    const found: Partial<Record<DurationKey, string>> = {};
    for (const spec of DURATIONS) {
      const parsed = parseDuration(spec, amounts[spec.key]);
      if (typeof parsed === 'string') found[spec.key] = parsed;
      else values[spec.key] = parsed;
    }
    // Each value within its limits, then the three together (the server checks the same: slaPolicyConflict).
    const conflict = Object.keys(found).length ? null : slaPolicyConflict(values);
    if (conflict) found[conflict.field] = conflict.message;
    setProblems(found);
    const invalid = Object.keys(found).length > 0;
    setError(invalid ? '请按提示修改后再保存' : null);
    if (invalid || busy) return;
    setBusy(true);
    try {
      await onSubmit({ type: policy.type, urgency: policy.urgency, ...values, followUpPolicy });
    } catch (refusal) {
      // The server's Chinese message; the form and what was typed stay.
      setError(errorReason(refusal));
    } finally {
      setBusy(false);
    }
  };

  const field = (spec: DurationSpec) => (
    <DurationField
      key={spec.key}
      spec={spec}
      value={amounts[spec.key]}
      error={problems[spec.key] ?? null}
      onChange={(value) => setAmounts((current) => ({ ...current, [spec.key]: value }))}
    />
  );
  const [respond, resolve, verify, followUpDue, warnBefore] = DURATIONS;
  return (
    <FormShell title={`修改 ${label}`} confirmText="保存" error={error} busy={busy} onConfirm={confirm} onCancel={onCancel}>
      <View className="muted">保存后对之后新建的工单生效，已有工单的时限不变</View>
      {field(respond)}
      {field(resolve)}
      {field(verify)}
      <Field label="回访策略" required>
        <ChipSelect label="回访策略" options={optionsOf(FOLLOW_UP_POLICY_LABELS)} value={followUpPolicy} onChange={setFollowUpPolicy} />
        {followUpPolicy === 'when_unrated_or_low' ? <View className="muted">未评价、评 3 星及以下或重办过的工单需回访</View> : null}
      </Field>
      {field(followUpDue)}
      {field(warnBefore)}
    </FormShell>
  );
}

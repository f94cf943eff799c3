import { View } from '@tarojs/components';

export interface ChipOption<T extends string> {
  value: T;
  label: string;
  /** Shown but not choosable (its label says why). */
  disabled?: boolean;
}

interface ChipSelectProps<T extends string> {
  options: readonly ChipOption<T>[];
  value: T | null;
  onChange: (value: T) => void;
  /** For tests and e2e: the group's accessible name. */
  label?: string;
}

/** Single choice shown as tappable chips (cheaper and easier to tap than a picker wheel). */
export function ChipSelect<T extends string>({ options, value, onChange, label }: ChipSelectProps<T>) {
  return (
    <View className="chips" role="radiogroup" aria-label={label}>
      {options.map((option) => (
        <View
          key={option.value}
          role="radio"
          aria-checked={option.value === value}
          aria-disabled={option.disabled}
          className={option.value === value ? 'chip chip--active' : option.disabled ? 'chip chip--disabled' : 'chip'}
          onClick={() => option.disabled || onChange(option.value)}
        >
          {option.label}
        </View>
      ))}
    </View>
  );
}

interface ChipMultiProps<T extends string> {
  options: readonly ChipOption<T>[];
  value: readonly T[];
  onChange: (value: T[]) => void;
  label?: string;
}

export function ChipMulti<T extends string>({ options, value, onChange, label }: ChipMultiProps<T>) {
  const toggle = (item: T) =>
    onChange(value.includes(item) ? value.filter((v) => v !== item) : [...value, item]);
  return (
    <View className="chips" role="group" aria-label={label}>
      {options.map((option) => (
        <View
          key={option.value}
          role="checkbox"
          aria-checked={value.includes(option.value)}
          className={value.includes(option.value) ? 'chip chip--active' : 'chip'}
          onClick={() => toggle(option.value)}
        >
          {option.label}
        </View>
      ))}
    </View>
  );
}

/** Options from a code → label map, in the map's order. */
export function optionsOf<T extends string>(labels: Record<T, string>, only?: readonly T[]): ChipOption<T>[] {
  const keys = (only ?? (Object.keys(labels) as T[]));
  return keys.map((value) => ({ value, label: labels[value] }));
}

import { ScrollView, Text, View } from '@tarojs/components';
import { ChipSelect, type ChipOption } from './chip-select';

interface FilterRowProps<T extends string> {
  /** Said on the left (小区, 状态, 类型); the chip group is named `${label}筛选`. */
  label: string;
  options: readonly ChipOption<T>[];
  value: T | null;
  onChange: (value: T) => void;
}

/**
 * One filter of a list on one line: its name, then its choices scrolling sideways. A long
 * community name or seven types no longer take rows of their own, and rows that all looked like
 * the queue's tabs say what each one filters.
 */
export function FilterRow<T extends string>({ label, options, value, onChange }: FilterRowProps<T>) {
  return (
    <View className="filter-row">
      <Text className="filter-row__label">{label}</Text>
      {/* A scroll-view, not a View with overflow: WeChat scrolls only its own scroll-view reliably. */}
      <ScrollView scrollX className="filter-row__chips">
        <ChipSelect label={`${label}筛选`} options={options} value={value} onChange={onChange} />
      </ScrollView>
    </View>
  );
}

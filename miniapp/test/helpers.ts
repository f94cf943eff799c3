import { fireEvent, screen, waitFor, within } from '@testing-library/react';

/** Taro's Input/Textarea render their real element asynchronously inside a web component. */
export async function typeInto(field: 'textarea' | 'input', value: string, index = 0, root: HTMLElement = document.body) {
  const element = await waitFor(() => {
    const found = root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(`${field}`)[index];
    if (!found) throw new Error(`no ${field} #${index} yet`);
    return found;
  });
  fireEvent.input(element, { target: { value } });
  return element;
}

/** Taps the chip with this label inside the chip group named `group`. */
export function chooseChip(group: string, label: string) {
  const chips = screen.getByLabelText(group, { selector: '[role=radiogroup],[role=group]' });
  fireEvent.click(within(chips).getByText(label, { exact: true }));
}

/** The NutUI button whose text is `label` (a <taro-button-core>, not a role=button). */
export function tapButton(label: string) {
  const text = screen.getByText(label, { exact: true });
  fireEvent.click(text.closest('.nut-button') ?? text);
}

/** Taps star `n` (1-based) of the NutUI Rate inside the row named `row`. */
export function tapStar(row: string, n: number) {
  const stars = screen.getByLabelText(row).querySelectorAll('.nut-rate-item');
  fireEvent.click(stars[n - 1]);
}

// The one scan field. Keyboard-wedge scanners type into whatever has the focus and end with
// Enter, so this field takes the focus back after every tap, dialog and toast, and keys typed
// while something else had the focus are routed here instead of being lost (§5.1 #7).
import { useEffect, useRef, useState } from 'preact/hooks';
import { t, useLang } from '../../lib/i18n';

const isTextEntry = (element: Element | null) =>
  !!element && (element.tagName === 'TEXTAREA' || element.tagName === 'SELECT' || (element.tagName === 'INPUT' && (element as HTMLInputElement).type !== 'button'));

/** While a panel with its own text field is open (QC notes), typing there is left alone; any
 * other key still reaches this field, so scanning the pane again answers the panel. */
export function ScanField({ onScan }: { onScan: (text: string) => void }) {
  useLang();
  const input = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState('');
  // The latest handler, so the document listeners are set up once.
  const scanned = useRef(onScan);
  scanned.current = onScan;

  useEffect(() => {
    const refocus = () => {
      const active = document.activeElement;
      if (active !== input.current && !isTextEntry(active)) input.current?.focus({ preventScroll: true });
    };
    const onKey = (event: KeyboardEvent) => {
      const field = input.current;
      if (!field || event.target === field || isTextEntry(event.target as Element)) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key.length === 1) {
        event.preventDefault();
        field.value += event.key;
        setValue(field.value);
        field.focus({ preventScroll: true });
      } else if (event.key === 'Enter' && field.value) {
        event.preventDefault();
        submit();
      }
    };
    const soon = () => setTimeout(refocus, 50);
    refocus();
    const timer = setInterval(refocus, 1000);
    document.addEventListener('focusout', soon);
    document.addEventListener('click', soon);
    document.addEventListener('keydown', onKey, true);
    return () => {
      clearInterval(timer);
      document.removeEventListener('focusout', soon);
      document.removeEventListener('click', soon);
      document.removeEventListener('keydown', onKey, true);
    };
  }, []);

  const submit = () => {
    const field = input.current;
    const text = (field?.value ?? value).trim();
    if (field) field.value = '';
    setValue('');
    if (text) scanned.current(text);
  };

  return (
    <form
      class="scan-form"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <input
        ref={input}
        class="scan-input"
        data-testid="scan-input"
        value={value}
        onInput={(event) => setValue(event.currentTarget.value)}
        placeholder={t('scanPlaceholder')}
        autocomplete="off"
        autocapitalize="characters"
        spellcheck={false}
        enterkeyhint="go"
        aria-label={t('scanPlaceholder')}
      />
    </form>
  );
}

import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { editedSectionCount } from '../state/lang-switch.ts';
import { useStore } from '../state/store.ts';

/**
 * Asks before a language switch regenerates the drafted postmortem. A modal `<dialog>`: focus
 * starts on "Regenerate", Tab stays inside, Escape cancels (the language stays as it was).
 */
export function LangConfirm() {
  const { t } = useTranslation('views');
  const pending = useStore((s) => s.langPrompt);
  const edited = useStore((s) => editedSectionCount(s.incident));
  const confirm = useStore((s) => s.confirmLang);
  const cancel = useStore((s) => s.cancelLang);
  const ref = useRef<HTMLDialogElement>(null);
  const ok = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (pending && !d.open) {
      d.showModal();
      ok.current?.focus();
    } else if (!pending && d.open) d.close();
  }, [pending]);

  return (
    <dialog
      ref={ref}
      className="lang-confirm"
      data-testid="lang-confirm"
      aria-labelledby="lang-confirm-title"
      onCancel={(e) => {
        e.preventDefault();
        cancel();
      }}
    >
      {pending ? (
        <>
          <p id="lang-confirm-title">
            <strong>{t('langConfirm_title', { lang: t(`langName_${pending}`) })}</strong>{' '}
            {t('langConfirm_body')}
          </p>
          {edited > 0 ? <p className="muted">{t('langConfirm_edited', { count: edited })}</p> : null}
          <div className="lang-confirm-actions">
            <button
              ref={ok}
              type="button"
              className="primary"
              onClick={confirm}
              data-testid="lang-confirm-ok"
            >
              {t('langConfirm_ok')}
            </button>
            <button type="button" onClick={cancel} data-testid="lang-confirm-cancel">
              {t('langConfirm_cancel')}
            </button>
          </div>
        </>
      ) : null}
    </dialog>
  );
}

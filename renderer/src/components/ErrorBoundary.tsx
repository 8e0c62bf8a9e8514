import { Component, type ErrorInfo, Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { RECOVERY_NS } from '../shell/recovery-strings.ts';

function ViewError({ name, error, onRetry }: { name: string; error: Error; onRetry: () => void }) {
  const { t } = useTranslation(RECOVERY_NS);
  return (
    <div
      className="inc-banner inc-banner-bad view-error"
      role="alert"
      data-testid="view-error"
      data-view={name}
    >
      <strong>{t('viewFailed', { message: error.message || String(error) })}</strong>
      <p>{t('viewFailedHint')}</p>
      <button type="button" onClick={onRetry} data-testid="view-retry">
        {t('retry')}
      </button>
    </div>
  );
}

interface Props {
  /** Which view this guards (shown in the test id, logged with the error). */
  name: string;
  children: ReactNode;
}

/**
 * A view that throws while rendering shows its error in place, with Retry, instead of unmounting
 * the whole app (React leaves a blank page when nothing catches). Text from dumps is data: the
 * message is rendered as text, never as HTML.
 */
export class ErrorBoundary extends Component<Props, { error?: Error; attempt: number }> {
  override state: { error?: Error; attempt: number } = { attempt: 0 };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error(`pmwb: view ${this.props.name} failed`, error, info.componentStack);
  }

  override render() {
    const { error, attempt } = this.state;
    if (error) {
      return (
        <ViewError
          name={this.props.name}
          error={error}
          onRetry={() => this.setState({ error: undefined, attempt: attempt + 1 })}
        />
      );
    }
    // A new key on retry remounts the subtree with fresh state.
    return <Fragment key={attempt}>{this.props.children}</Fragment>;
  }
}

import { act, cleanup, screen } from '@testing-library/react';
import { createFakeAjax } from '../test-utils/fake-ajax';
import { renderWidget } from '../test-utils/render-widget';

describe('WidgetRoot', () => {
  afterEach(() => {
    cleanup();
    document.body.className = '';
  });

  it('wraps everything in the scoped root and follows the host theme live', async () => {
    renderWidget(<p>content</p>, { ajax: createFakeAjax() });
    const root = screen.getByText('content').parentElement!;

    expect(root).toHaveClass('heap-sync-widget');
    expect(root).toHaveAttribute('data-theme', 'light');

    // The MutationObserver reports in a microtask, which an async act() flushes.
    await act(async () => {
      document.body.className = 'dark-theme';
    });

    expect(root).toHaveAttribute('data-theme', 'dark');
  });
});

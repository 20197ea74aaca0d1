import { detectTheme } from './detect-theme';

function preferDark(matches: boolean) {
  window.matchMedia = jest.fn().mockReturnValue({ matches }) as typeof window.matchMedia;
}

describe('detectTheme', () => {
  afterEach(() => {
    document.body.className = '';
    document.documentElement.className = '';
    document.body.removeAttribute('style');
    preferDark(false);
  });

  it("follows a dark theme class on the host's body or html", () => {
    preferDark(false);
    document.body.className = 'page dark-theme';
    expect(detectTheme()).toBe('dark');

    document.body.className = 'page';
    document.documentElement.className = 'theme-dark';
    expect(detectTheme()).toBe('dark');
  });

  it('prefers the host class over the OS preference', () => {
    preferDark(true);
    document.body.className = 'light-theme';

    expect(detectTheme()).toBe('light');
  });

  it("reads Kommo's palette background when no class says", () => {
    preferDark(false);
    document.body.style.setProperty('--palette-background-primary', '#1c2630');

    expect(detectTheme()).toBe('dark');
  });

  it('falls back to prefers-color-scheme, then light', () => {
    preferDark(true);
    expect(detectTheme()).toBe('dark');

    preferDark(false);
    expect(detectTheme()).toBe('light');
  });
});

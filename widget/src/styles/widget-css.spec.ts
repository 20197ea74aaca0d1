import css from './widget.css?raw';

/** Selectors of every rule, with comments and declaration blocks removed. */
function selectorsOf(stylesheet: string): string[] {
  const withoutComments = stylesheet.replace(/\/\*[\s\S]*?\*\//g, '');

  return Array.from(withoutComments.matchAll(/([^{}]+)\{[^{}]*\}/g)).flatMap((match) =>
    match[1].split(',').map((selector) => selector.trim()),
  );
}

describe('widget.css', () => {
  const selectors = selectorsOf(css);

  it('scopes every rule under the widget root class', () => {
    expect(selectors.length).toBeGreaterThan(20);

    for (const selector of selectors) {
      expect(selector).toMatch(/^\.heap-sync-widget(\[[^\]]+\])?( |$)/);
    }
  });

  it('uses no Kommo system classes', () => {
    const foreignClasses = selectors
      .flatMap((selector) => selector.match(/\.[\w-]+/g) ?? [])
      .filter((name) => !name.startsWith('.heap-sync-widget'));

    expect(foreignClasses).toEqual([]);
  });

  it('has a dark variant', () => {
    expect(selectors).toContain(".heap-sync-widget[data-theme='dark']");
  });
});

import { contrastRatio, luminance, palettes } from '@calling/react/logic';
import { expect, type Locator, type Page } from '@playwright/test';
import { byTestId, expectCallState } from './app';

// What look-and-feel.spec.ts asks of a page: icons that are glyphs of the loaded icon font, nothing wider than
// the viewport, and the colours of the system's scheme.

export type Scheme = 'light' | 'dark';
export const PHONE = { width: 320, height: 640 };
export const DESKTOP = { width: 1280, height: 720 };

/** An icon is a glyph of the Material Icons font (loaded, not a fallback box): one private-use character. */
export async function expectIconGlyph(icon: Locator): Promise<number> {
  await expect(icon).toBeVisible();
  const glyph = await icon.evaluate(async (el) => {
    await document.fonts.ready;
    const style = getComputedStyle(el);
    const faces: string[] = [];
    document.fonts.forEach((f) => {
      if (f.family.replace(/"/g, '') === 'material') faces.push(f.status);
    });
    return {
      text: el.textContent ?? '',
      family: style.fontFamily,
      faces,
      ariaHidden: el.getAttribute('aria-hidden'),
      width: el.getBoundingClientRect().width,
    };
  });
  expect(glyph.text, 'one character').toHaveLength(1);
  const codePoint = glyph.text.codePointAt(0) ?? 0;
  // Icon fonts put their glyphs in the Private Use Area: a letter (the old "A" / "R") is outside it.
  expect(codePoint, `U+${codePoint.toString(16)} is an icon glyph`).toBeGreaterThanOrEqual(0xe000);
  expect(codePoint).toBeLessThanOrEqual(0xf8ff);
  expect(glyph.family).toContain('material');
  expect(glyph.faces, 'the icon font loaded on the web').toContain('loaded');
  expect(glyph.ariaHidden, 'the button speaks its label, not the glyph').toBe('true');
  expect(glyph.width).toBeGreaterThan(10);
  return codePoint;
}

/**
 * A control found by role and accessible name, with its icon inside and its caption shown: under a call control's
 * circle, beside a button's icon (the back arrow has none: the bar's title says where it is).
 */
export async function expectIconControl(
  page: Page,
  { id, name, caption, role = 'button' }: { id: string; name: string; caption?: string; role?: 'button' | 'switch' },
): Promise<number> {
  const control = page.getByRole(role, { name, exact: true });
  await expect(control).toBeVisible();
  await expect(control).toHaveAttribute('data-testid', id);
  const glyph = await expectIconGlyph(control.getByTestId(`${id}-icon`));
  if (caption) await expect(byTestId(page, id).locator('xpath=..').getByText(caption, { exact: true })).toBeVisible();
  return glyph;
}

/** Nothing wider than the viewport: the document does not scroll sideways and no visible element sticks out. */
export async function expectFits(page: Page, where: string) {
  const width = page.viewportSize()?.width ?? 0;
  const found = await page.evaluate(() => {
    const outside: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if (r.left < -1 || r.right > window.innerWidth + 1) {
        const what = el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? el.textContent?.slice(0, 30);
        outside.push(`${el.tagName.toLowerCase()} "${what}" at ${Math.round(r.left)}..${Math.round(r.right)}`);
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, outside: outside.slice(0, 8) };
  });
  expect(found.scrollWidth, `${where}: document scroll width`).toBeLessThanOrEqual(width);
  expect(found.outside, `${where}: elements past the viewport's edges`).toEqual([]);
}

/** A text's colour and the first opaque background behind it (and the page body's), as computed. */
export function shownColours(text: Locator) {
  return text.evaluate((el) => {
    const opaque = (c: string) => c !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(c);
    let node: Element | null = el;
    let background = '';
    while (node && !background) {
      const c = getComputedStyle(node).backgroundColor;
      if (opaque(c)) background = c;
      node = node.parentElement;
    }
    return { color: getComputedStyle(el).color, background, body: getComputedStyle(document.body).backgroundColor };
  });
}

export const rgb = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
};

/**
 * In `scheme`: the palette's background behind the page, and on it a dark background with light text (or the
 * opposite); `subtle` lines (dates, hints) need only read (contrast), not be as light or dark as the text.
 */
export async function expectScheme(page: Page, scheme: Scheme, where: string, text: Locator, subtle?: Locator) {
  await page.emulateMedia({ colorScheme: scheme });
  // On a miss, whether the page's media query had changed at all (the emulation) or only the app missed it.
  const system = () => page.evaluate(() => (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));
  await expect
    .poll(async () => (await shownColours(text)).body, {
      message: `${where}: the page body (prefers-color-scheme says ${await system()} as the wait begins)`,
    })
    .toBe(rgb(palettes[scheme].background))
    .catch(async (e: Error) => {
      throw new Error(`${e.message}\n${where}: prefers-color-scheme says ${await system()} at the end of the wait`);
    });
  const c = await shownColours(text);
  if (scheme === 'dark') {
    expect(luminance(c.background), `${where}: background ${c.background}`).toBeLessThan(0.1);
    expect(luminance(c.color), `${where}: text ${c.color}`).toBeGreaterThan(0.7);
  } else {
    expect(luminance(c.background), `${where}: background ${c.background}`).toBeGreaterThan(0.8);
    expect(luminance(c.color), `${where}: text ${c.color}`).toBeLessThan(0.1);
  }
  expect(contrastRatio(c.color, c.background), `${where}: text contrast`).toBeGreaterThanOrEqual(7);
  if (subtle) {
    const l = await shownColours(subtle);
    expect(contrastRatio(l.color, l.background), `${where}: secondary line contrast`).toBeGreaterThanOrEqual(4.5);
  }
}

export async function bothSchemes(page: Page, where: string, text: Locator, subtle?: Locator) {
  for (const scheme of ['dark', 'light'] as const)
    await expectScheme(page, scheme, `${where} (${scheme})`, text, subtle);
}

/**
 * The customer calls the provider: `ringing` while the provider's incoming screen is up, `talking` once they are
 * connected; then the customer hangs up.
 */
export async function throughACall(
  s: { customer: { page: Page }; provider: { page: Page } },
  look: { ringing(): Promise<void>; talking(): Promise<void> },
) {
  await byTestId(s.customer.page, 'call-button').click();
  await expect(byTestId(s.provider.page, 'call-accept')).toBeVisible();
  await look.ringing();
  await byTestId(s.provider.page, 'call-accept').click();
  await expectCallState(s.customer.page, 'connected');
  await look.talking();
  await byTestId(s.customer.page, 'call-end').click();
}

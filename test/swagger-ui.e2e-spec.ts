import { Browser, Page } from 'playwright-core';
import { AddressInfo } from 'node:net';
import { browserUnavailable, launchBrowser } from './support/browser';
import { bootTestApp, TestApp } from './support/test-app';
import { registerUser } from './support/users';

/**
 * The Swagger page as a newcomer meets it, in Chromium: tags in reading order, one Authorize path (the OAuth2
 * password form) that works on the first click, "Try it out" on GET /api/chat/sessions answering 200, and the
 * authorization kept across a reload. No console errors on the way.
 */
const unavailable = browserUnavailable();
const itInBrowser = unavailable === undefined || process.env.CI === 'true' ? it : it.skip;
if (unavailable !== undefined) {
  console.warn(`Skipping the Swagger page tests outside CI: ${unavailable}`);
}

describe('The Swagger page (/api/docs) in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    if (unavailable !== undefined && process.env.CI !== 'true') {
      return;
    }
    t = await bootTestApp();
    await t.app.listen(0, '127.0.0.1');
    origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Expands GET /api/chat/sessions, tries it out and returns the status Swagger UI shows. */
  async function tryListSessions(page: Page): Promise<string> {
    const operation = page.locator('#operations-chat-listSessions');
    if (!(await operation.locator('.opblock-body').isVisible())) {
      await operation.locator('.opblock-summary').first().click();
    }
    const tryOut = operation.locator('button.try-out__btn');
    if ((await tryOut.textContent())?.trim() === 'Try it out') {
      await tryOut.click();
    }
    await operation.locator('button.execute').click();
    const status = operation.locator('.live-responses-table .response .response-col_status').first();
    await status.waitFor();
    return (await status.textContent())?.trim() ?? '';
  }

  itInBrowser(
    'authorizes with the password form on the first click, tries GET /api/chat/sessions (200), keeps it on reload',
    async () => {
      const user = await registerUser(t, 'swagger');
      const page = await browser.newPage();
      const consoleErrors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') {
          consoleErrors.push(message.text());
        }
      });
      page.on('pageerror', (error) => consoleErrors.push(error.message));

      await page.goto(`${origin}/api/docs`);
      await page.locator('.opblock-tag').first().waitFor();
      const tags = await page
        .locator('.opblock-tag-section .opblock-tag')
        .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-tag')));
      expect(tags).toEqual([
        'auth',
        'users',
        'chat',
        'chat feedback',
        'dispatch',
        'technicians',
        'vlm',
        'analytics',
        'admin',
        'metrics',
        'health',
      ]);

      // Not authorized yet: the try answers 401.
      expect(await tryListSessions(page)).toBe('401');

      await page.locator('.auth-wrapper button.authorize').click();
      const dialog = page.locator('.dialog-ux .modal-ux');
      await dialog.waitFor();
      // One scheme in the dialog: the OAuth2 password form.
      expect(await dialog.locator('.auth-container').count()).toBe(1);
      await dialog.locator('#oauth_username').fill(user.email);
      await dialog.locator('#oauth_password').fill(user.password);
      await dialog.locator('.auth-btn-wrapper button.authorize').click();
      await dialog.locator('.auth-btn-wrapper button.authorize', { hasText: 'Logout' }).waitFor();
      await dialog.locator('button.btn-done').click();

      expect(await tryListSessions(page)).toBe('200');

      // persistAuthorization: the token survives a reload.
      await page.reload();
      await page.locator('.opblock-tag').first().waitFor();
      expect(await tryListSessions(page)).toBe('200');

      expect(consoleErrors.filter((text) => !text.includes('401'))).toEqual([]);
      await page.close();
    },
  );
});

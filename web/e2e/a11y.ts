/** The automated accessibility check of the browser tests: axe-core's own source injected into the page. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The serious and critical axe violations on the page (WCAG 2.x A and AA rules, best practices), each as one line
 * `rule (impact): help — targets`, so that a failing test prints what was found rather than `{ …(4) }`.
 *
 * The check runs on a page at rest: the room's socket open, no list still loading (`aria-busy`), no finite CSS
 * animation or transition under way, and two frames painted. A virtualized list measures its first row before it
 * renders the rest, and a room opened a moment ago is still loading; axe run in between judges a page no one sees.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.locator('.status-dot.status-open').waitFor();
  await page.waitForFunction(() => document.querySelector('[aria-busy="true"]') === null);
  await page.evaluate(async () => {
    const finite = document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity);
    await Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
    await new Promise((settled) => requestAnimationFrame(() => requestAnimationFrame(settled)));
  });
  // Evaluated, not added as a <script>: the Lounge's Content-Security-Policy (script-src 'self') refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    type AxeResult = { violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] };
    const axe = (window as unknown as { axe: { run: (ctx: Document, options: object) => Promise<AxeResult> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(', ')}`);
  });
}

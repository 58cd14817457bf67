import type { Issue } from '../../digest/model.js';
import type { Route, RouteContext } from '../../server/router.js';
import { forceDarkScheme } from '../email/dark.js';
import { EMAIL_CSP, framedEmail } from '../email/frame.js';
import { roundupPreview } from '../email/roundup-preview.js';
import { checkedAddress, sendTest } from '../email/send-test.js';
import type { Snapshot } from '../session/snapshot.js';
import { findIssue } from '../session/snapshot.js';
import { esc, href } from '../ui/html.js';
import type { Notice } from '../ui/roundup-page.js';
import { ROUNDUP_VIEWS, roundupMain } from '../ui/roundup-page.js';
import type { PreviewDeps } from './context.js';
import { notFound, respondWithPage } from './pages.js';
import { fromOwnPage, readForm, redirect, sendBody } from './respond.js';

/** The address the send-a-test form starts with. */
export const DEFAULT_TEST_ADDRESS = 'me@example.org';

/** Theme slugs asked for (`?theme=a&theme=b` or `?themes=a,b`) that are sections of the issue; none means everything. */
export function chosenThemes(issue: Issue, params: URLSearchParams): string[] {
  const asked = [...params.getAll('theme'), ...params.getAll('themes').flatMap((t) => t.split(','))].map((t) => t.trim());
  const present = new Set(issue.sections.flatMap((s) => (s.theme === null ? [] : [s.theme])));
  return [...new Set(asked.filter((t) => present.has(t)))].sort();
}

function chosenView(params: URLSearchParams): string {
  const asked = params.get('view') ?? '';
  return ROUNDUP_VIEWS.some((v) => v.value === asked) ? asked : 'both';
}

/** The roundup pages: the preview itself, its email (for the frames), its message, and sending a test. */
export function roundupRoutes(deps: PreviewDeps): Route[] {
  const withIssue =
    (fn: (ctx: RouteContext, snapshot: Snapshot, issue: Issue) => Promise<void>) =>
    async (ctx: RouteContext): Promise<void> => {
      const snapshot = deps.session.current();
      const issue = findIssue(snapshot, ctx.params['id'] ?? '');
      if (issue === undefined) return notFound(deps, ctx, `There is no roundup ${ctx.params['id'] ?? ''}: the posts it had may have moved to another period.`);
      await fn(ctx, snapshot, issue);
    };

  const showPage = async (ctx: RouteContext, snapshot: Snapshot, issue: Issue, params: URLSearchParams, status: number, notice?: Notice, testAddress?: string): Promise<void> => {
    const themes = chosenThemes(issue, params);
    const result = await roundupPreview(snapshot, issue, themes);
    const index = snapshot.issues.indexOf(issue);
    const sent = Number(params.get('sent') ?? '');
    const sentMessage = Number.isInteger(sent) && sent > 0 ? deps.inbox.get(sent) : undefined;
    const shownNotice =
      notice ??
      (sentMessage
        ? { kind: 'ok' as const, html: `Sent to ${esc(sentMessage.envelope.to.join(', '))} through the built-in inbox: <a href="/inbox/${sentMessage.id}">open it in the inbox</a>.` }
        : undefined);
    respondWithPage(deps, ctx, status, () => ({
      title: `Issue ${issue.number}: ${issue.period.label}`,
      nav: 'roundups',
      kind: 'roundup',
      main: roundupMain({
        snapshot,
        issue,
        previous: snapshot.issues[index - 1],
        next: snapshot.issues[index + 1],
        themes,
        view: chosenView(params),
        result,
        ...(shownNotice ? { notice: shownNotice } : {}),
        testAddress: testAddress ?? DEFAULT_TEST_ADDRESS,
        inboxUrl: deps.inbox.url,
      }),
    }));
  };

  return [
    {
      method: 'GET',
      path: '/roundups/:id',
      handler: withIssue((ctx, snapshot, issue) => showPage(ctx, snapshot, issue, ctx.url.searchParams, 200)),
    },
    {
      method: 'GET',
      path: '/roundups/:id/email.html',
      handler: withIssue(async (ctx, snapshot, issue) => {
        const result = await roundupPreview(snapshot, issue, chosenThemes(issue, ctx.url.searchParams));
        if (result.kind !== 'ok') {
          sendBody(ctx.res, 404, 'This roundup variant has no email (see the preview page).\n', { 'content-type': 'text/plain; charset=utf-8' });
          return;
        }
        const html = result.preview.email.html;
        const shown = framedEmail(ctx.url.searchParams.get('scheme') === 'dark' ? forceDarkScheme(html) : html);
        sendBody(ctx.res, 200, shown, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': EMAIL_CSP }, ctx.req.method === 'HEAD');
      }),
    },
    {
      method: 'GET',
      path: '/roundups/:id/message.eml',
      handler: withIssue(async (ctx, snapshot, issue) => {
        const result = await roundupPreview(snapshot, issue, chosenThemes(issue, ctx.url.searchParams));
        if (result.kind !== 'ok') {
          sendBody(ctx.res, 404, 'This roundup variant has no email (see the preview page).\n', { 'content-type': 'text/plain; charset=utf-8' });
          return;
        }
        sendBody(
          ctx.res,
          200,
          result.preview.eml,
          { 'content-type': 'message/rfc822', 'content-disposition': `attachment; filename="${issue.id}.eml"` },
          ctx.req.method === 'HEAD',
        );
      }),
    },
    {
      method: 'POST',
      path: '/roundups/:id/send',
      handler: withIssue(async (ctx, snapshot, issue) => {
        if (!fromOwnPage(ctx.req)) {
          sendBody(ctx.res, 403, 'Only the preview’s own pages may send.\n', { 'content-type': 'text/plain; charset=utf-8' });
          return;
        }
        const form = await readForm(ctx.req);
        const to = form.get('to') ?? '';
        const back = (extra: Record<string, string | undefined>): string =>
          href(`/roundups/${encodeURIComponent(issue.id)}`, { themes: form.get('themes') ?? undefined, view: form.get('view') ?? undefined, ...extra });
        const fail = (message: string, status: number): Promise<void> =>
          showPage(ctx, snapshot, issue, new URLSearchParams({ themes: form.get('themes') ?? '', view: form.get('view') ?? '' }), status, { kind: 'bad', html: esc(message) }, to);
        let address: string;
        try {
          address = checkedAddress(to);
        } catch (error) {
          return fail((error as Error).message, 400);
        }
        const result = await roundupPreview(snapshot, issue, chosenThemes(issue, form));
        if (result.kind !== 'ok') return fail('This roundup variant cannot be sent: it has no email (see below).', 409);
        try {
          const sent = await sendTest({ snapshot, preview: result.preview, to: address, transport: deps.transport, now: deps.now() });
          const caught = deps.inbox.list().find((m) => m.messageId === sent.messageId);
          deps.log('info', `test message for issue ${issue.id} sent to ${address} (in the inbox${caught ? ` as message ${caught.id}` : ''})`);
          redirect(ctx.res, back({ sent: caught ? String(caught.id) : undefined }));
        } catch (error) {
          return fail(`The test message was not sent: ${error instanceof Error ? error.message : String(error)}`, 502);
        }
      }),
    },
  ];
}

// The request Slack-compatible incoming webhooks (Slack, Mattermost, Rocket.Chat) accept: a JSON
// object with `text` or `attachments`; each attachment's colour a hex colour or good/warning/
// danger, fields {title, value, short}. With `slackMarkup`, alert text must have Slack's three
// control characters escaped (a raw < or > would be a link or mention, & must be an entity).

import { isObject, jsonBody, Problems, type ReceivedRequest } from './apiReceiver.js';

export function checkSlackWebhook(
  request: Omit<ReceivedRequest, 'problems'>,
  path: string,
  opts: { slackMarkup: boolean },
): string[] {
  const p = new Problems();
  p.add(request.method === 'POST', `method ${request.method}, want POST`);
  p.add(request.url === path, `path ${request.url}, want ${path}`);
  p.add(/^application\/json\b/.test(request.headers['content-type'] ?? ''), 'Content-Type must be application/json');
  const { value: body, problem } = jsonBody(request);
  if (!body) return [...p.list, problem ?? 'no body'];
  const texts: [string, unknown][] = [];
  p.add(body.text !== undefined || Array.isArray(body.attachments), 'needs text or attachments');
  if (body.text !== undefined && p.string(body.text, 'text')) texts.push(['text', body.text]);
  for (const k of ['username', 'icon_url', 'channel'])
    if (body[k] !== undefined) p.string(body[k], k, { nonEmpty: true });
  if (body.attachments !== undefined) {
    if (!Array.isArray(body.attachments) || body.attachments.length === 0)
      p.add(false, 'attachments must be a non-empty array');
    else
      body.attachments.forEach((a: unknown, i: number) => {
        const at = `attachments[${i}]`;
        if (!isObject(a)) return p.add(false, `${at} must be an object`);
        if (p.string(a.fallback, `${at}.fallback`)) texts.push([`${at}.fallback`, a.fallback]);
        if (p.string(a.color, `${at}.color`))
          p.add(/^#[0-9a-fA-F]{6}$|^(good|warning|danger)$/.test(a.color), `${at}.color ${a.color} is not a colour`);
        if (a.text !== undefined && p.string(a.text, `${at}.text`)) texts.push([`${at}.text`, a.text]);
        if (a.footer !== undefined) p.string(a.footer, `${at}.footer`);
        if (a.fields !== undefined) {
          if (!Array.isArray(a.fields)) return p.add(false, `${at}.fields must be an array`);
          a.fields.forEach((f: unknown, j: number) => {
            const ft = `${at}.fields[${j}]`;
            if (!isObject(f)) return p.add(false, `${ft} must be an object`);
            if (p.string(f.title, `${ft}.title`)) texts.push([`${ft}.title`, f.title]);
            if (p.string(f.value, `${ft}.value`)) texts.push([`${ft}.value`, f.value]);
            p.add(typeof f.short === 'boolean', `${ft}.short must be a boolean`);
          });
        }
      });
  }
  if (opts.slackMarkup)
    for (const [where, text] of texts) {
      const s = String(text);
      p.add(!/[<>]/.test(s), `${where} holds an unescaped < or >`);
      p.add(!/&(?!amp;|lt;|gt;)/.test(s), `${where} holds an unescaped &`);
    }
  return p.list;
}

export const slackOk = { status: 200, body: 'ok', contentType: 'text/plain' };

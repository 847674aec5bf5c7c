import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DeliveryError } from '../../../src/router/destinations/destination.js';
import { oauthBearerResponse, smtpDestination } from '../../../src/router/destinations/smtp.js';
import {
  expectedOauthBearer,
  MAIL_DOMAIN,
  SMTP_IDENTITY,
  SMTP_PASSWORD,
  SMTP_TOKEN,
  SMTP_USER,
  startExim,
  type EximServer,
} from '../servers/eximServer.js';
import { freeTcpPort } from '../servers/freePort.js';
import { parseMime } from './mimeMessage.js';
import { context, delivery, sampleAlert, signal } from './sampleAlert.js';

const SECURITY = `security@${MAIL_DOMAIN}`;

/** The delivered mail whose subject starts with `prefix` (delivery order is not arrival order). */
async function mailWithSubject(server: EximServer, count: number, prefix: string) {
  const mails = (await server.waitMessages(count)).map(parseMime);
  const mail = mails.find((m) => m.headers.get('subject')?.startsWith(prefix));
  assert.ok(
    mail,
    `no mail with subject ${prefix}; subjects: ${mails.map((m) => m.headers.get('subject')).join(' | ')}`,
  );
  return mail;
}
const OPS = `ops@${MAIL_DOMAIN}`;

describe('smtp destination against a real Exim', () => {
  let server: EximServer;
  let options: Record<string, string | boolean | string[]>;
  before(async () => {
    server = await startExim();
    options = {
      hostport: `127.0.0.1:${server.port}`,
      checkcert: false,
      user: SMTP_USER,
      password: SMTP_PASSWORD,
      from: `falco@${MAIL_DOMAIN}`,
      to: [SECURITY, OPS],
    };
  });
  after(async () => {
    await server?.process.stop();
  });

  test('HTML and plain text over STARTTLS with PLAIN auth, to two recipients', async () => {
    const dest = smtpDestination.create(options, context);
    try {
      await dest.send([delivery()], signal());
    } finally {
      await dest.close?.();
    }
    const delivered = (await server.waitMessages(2)).map(parseMime);
    const envelopes = delivered.map((m) => m.headers.get('envelope-to')).sort();
    assert.deepEqual(envelopes, [OPS, SECURITY]);
    const mail = delivered[0];
    assert.equal(mail.headers.get('from'), `falco@${MAIL_DOMAIN}`);
    assert.equal(mail.headers.get('to'), `${SECURITY}, ${OPS}`);
    assert.equal(mail.headers.get('subject'), `[Critical] ${sampleAlert().output}`);
    assert.equal(mail.headers.get('date'), 'Tue, 01 Dec 2026 10:20:30 +0000');
    assert.match(mail.headers.get('content-type') ?? '', /^multipart\/alternative;/);
    assert.match(mail.headers.get('received') ?? '', /with esmtpsa .*TLS/);

    const text = mail.parts.get('text/plain') ?? '';
    assert.ok(text.startsWith('Priority: Critical\nOutput: A shell was spawned in a container'), text);
    assert.ok(text.includes('\nRule: Terminal shell in container\n'), text);
    assert.ok(text.includes('\nTags: shell, container, mitre_execution\n'), text);
    assert.ok(
      text.includes(
        '\n--Fields--\nproc.aname[2]: containerd-shim\nproc.cmdline: bash -c "echo <b>pwned</b> & x=1"\nproc.pid: 4242\nuser.name: root\n',
      ),
      text,
    );
    assert.ok(!text.includes('container.id'), 'null fields are left out');

    const html = mail.parts.get('text/html') ?? '';
    assert.ok(!html.includes('<b>pwned</b>'), 'alert markup must be escaped');
    assert.ok(html.includes('bash -c &quot;echo &lt;b&gt;pwned&lt;/b&gt; &amp; x=1&quot;'), html);
    assert.ok(html.includes('>proc.aname[2]</th>'), html);
    assert.ok(html.includes('background:#ff9000'), 'the Critical colour');
    assert.match(server.mainLog(), /P=esmtpsa X=TLS\S+ .*A=plain_server:kestrel/);
  });

  test('outputformat text, LOGIN auth and a dedup count: one text/plain body', async () => {
    const before = server.messages().length;
    const dest = smtpDestination.create(
      { ...options, to: [SECURITY], outputformat: 'text', authmechanism: 'login' },
      context,
    );
    try {
      await dest.send([delivery(sampleAlert({ rule: 'text only', priority: 'Notice' }), 7)], signal());
    } finally {
      await dest.close?.();
    }
    const mail = await mailWithSubject(server, before + 1, '[Notice] ');
    assert.match(mail.headers.get('content-type') ?? '', /^text\/plain/);
    assert.deepEqual([...mail.parts.keys()], ['text/plain']);
    assert.ok((mail.parts.get('text/plain') ?? '').includes('\nRule: text only\n'));
    assert.ok((mail.parts.get('text/plain') ?? '').includes('\nCount: 7\n'));
    assert.ok(mail.headers.get('subject')?.startsWith('[Notice] '));
    assert.match(server.mainLog(), /A=login_server:kestrel/);
  });

  test('tls false sends without STARTTLS', async () => {
    const before = server.messages().length;
    const dest = smtpDestination.create({ ...options, to: [SECURITY], tls: false }, context);
    try {
      await dest.send([delivery(sampleAlert({ priority: 'Warning' }))], signal());
    } finally {
      await dest.close?.();
    }
    const mail = await mailWithSubject(server, before + 1, '[Warning] ');
    assert.match(mail.headers.get('received') ?? '', /with esmtpa /);
  });

  test('a subject cannot carry a header injection', async () => {
    const before = server.messages().length;
    const dest = smtpDestination.create({ ...options, to: [SECURITY] }, context);
    try {
      await dest.send([delivery(sampleAlert({ output: 'x\r\nBcc: victim@elsewhere.test\r\n\r\nbody' }))], signal());
    } finally {
      await dest.close?.();
    }
    const mail = await mailWithSubject(server, before + 1, '[Critical] x');
    assert.equal(mail.headers.get('subject'), '[Critical] x Bcc: victim@elsewhere.test body');
    assert.equal(mail.headers.get('bcc'), undefined);
  });

  test('a wrong password (535) is not retried', async () => {
    const dest = smtpDestination.create({ ...options, password: 'wrong' }, context);
    try {
      await assert.rejects(dest.send([delivery()], signal()), (err: unknown) => {
        assert.ok(err instanceof DeliveryError);
        assert.equal(err.retryable, false);
        assert.equal(err.status, 535);
        assert.match(err.message, /^smtp: sending to 127\.0\.0\.1:\d+: EAUTH: /);
        return true;
      });
    } finally {
      await dest.close?.();
    }
  });

  test('a recipient the server refuses (550) is not retried', async () => {
    const dest = smtpDestination.create({ ...options, to: ['someone@elsewhere.test'] }, context);
    try {
      await assert.rejects(dest.send([delivery()], signal()), (err: unknown) => {
        assert.ok(err instanceof DeliveryError);
        assert.equal(err.retryable, false);
        assert.equal(err.status, 550);
        assert.match(err.message, /relay not permitted/);
        return true;
      });
    } finally {
      await dest.close?.();
    }
  });

  /** Sends one alert with `rule` through a destination with these options; the delivered mail. */
  async function sendWith(extra: Record<string, string | boolean>, rule: string) {
    const before = server.messages().length;
    const dest = smtpDestination.create({ ...options, to: [SECURITY], ...extra }, context);
    try {
      await dest.send([delivery(sampleAlert({ rule, priority: 'Informational' }))], signal());
    } finally {
      await dest.close?.();
    }
    return mailWithSubject(server, before + 1, '[Informational] ');
  }

  /** The permanent DeliveryError these options meet. */
  async function refusedWith(extra: Record<string, string | boolean>, status: number, text: RegExp) {
    const dest = smtpDestination.create({ ...options, to: [SECURITY], ...extra }, context);
    try {
      await assert.rejects(dest.send([delivery()], signal()), (err: unknown) => {
        assert.ok(err instanceof DeliveryError, String(err));
        assert.equal(err.retryable, false, err.message);
        assert.equal(err.status, status, err.message);
        assert.match(err.message, text);
        return true;
      });
    } finally {
      await dest.close?.();
    }
  }

  test('plain with identity sends the authorization identity; Exim refuses another one', async () => {
    await sendWith({ authmechanism: 'plain', identity: SMTP_IDENTITY }, 'plain identity');
    assert.match(server.mainLog(), new RegExp(`A=plain_server:${SMTP_USER} as ${SMTP_IDENTITY}`));
    await refusedWith({ authmechanism: 'plain', identity: 'someone-else' }, 535, /EAUTH/);
  });

  test('oauthbearer sends RFC 7628’s initial response, byte for byte as Falcosidekick does', async () => {
    assert.equal(
      oauthBearerResponse(SMTP_USER, SMTP_TOKEN, '127.0.0.1', server.port),
      expectedOauthBearer(server.port),
    );
    const mail = await sendWith(
      { authmechanism: 'OAUTHBEARER', user: SMTP_USER, password: '', token: SMTP_TOKEN },
      'oauth',
    );
    assert.match(mail.headers.get('received') ?? '', /with esmtpsa .*TLS/);
    assert.match(server.mainLog(), new RegExp(`A=oauthbearer_server:${SMTP_USER}`));
    await refusedWith({ authmechanism: 'oauthbearer', password: '', token: 'expired' }, 535, /EAUTH/);
  });

  test('external sends the identity', async () => {
    await sendWith({ authmechanism: 'external', user: '', password: '', identity: SMTP_IDENTITY }, 'external');
    assert.match(server.mainLog(), new RegExp(`A=external_server:${SMTP_IDENTITY}`));
    await refusedWith({ authmechanism: 'external', user: '', password: '', identity: 'nobody' }, 535, /EAUTH/);
  });

  test('anonymous sends the trace (and `=` without one); none sends no AUTH and is refused at RCPT', async () => {
    await sendWith({ authmechanism: 'anonymous', user: '', password: '', trace: 'kestrel-router' }, 'anonymous');
    assert.match(server.mainLog(), /A=anonymous_server:trace=<kestrel-router>/);
    await sendWith({ authmechanism: 'anonymous', user: '', password: '' }, 'anonymous empty');
    assert.match(server.mainLog(), /A=anonymous_server:trace=<>/);
    await refusedWith({ authmechanism: 'none' }, 550, /authentication required/);
  });

  test('checkcert true refuses the self-signed certificate', async () => {
    const dest = smtpDestination.create({ ...options, checkcert: true }, context);
    try {
      await assert.rejects(dest.send([delivery()], signal()), (err: unknown) => {
        assert.ok(err instanceof DeliveryError);
        assert.match(err.message, /self[- ]signed certificate/i);
        return true;
      });
    } finally {
      await dest.close?.();
    }
  });
});

describe('smtp destination: errors', () => {
  test('server down: send throws a retryable DeliveryError', async () => {
    const port = await freeTcpPort();
    const dest = smtpDestination.create({ hostport: `127.0.0.1:${port}`, from: 'a@b.test', to: ['c@d.test'] }, context);
    try {
      await assert.rejects(dest.send([delivery()], signal()), (err: unknown) => {
        assert.ok(err instanceof DeliveryError);
        assert.equal(err.retryable, true);
        assert.match(err.message, new RegExp(`^smtp: sending to 127\\.0\\.0\\.1:${port}: ESOCKET: .*ECONNREFUSED`));
        return true;
      });
    } finally {
      await dest.close?.();
    }
  });

  test('bad options: each problem names the option', () => {
    assert.deepEqual(smtpDestination.validate!({}), [
      'smtp.hostport: is required',
      'smtp.from: is required',
      'smtp.to: is required (a comma-separated list of addresses)',
    ]);
    assert.deepEqual(
      smtpDestination.validate!({
        hostport: 'mail.example',
        from: 'falco',
        to: ['ok@example.test', 'bad address@x', 'x@y\r\nBcc: z@w'],
        authmechanism: 'oauthbearer',
        identity: 'x',
        outputformat: 'markdown',
      }),
      [
        'smtp.hostport: "mail.example" is not host:port',
        'smtp.from: "falco" is not an email address',
        'smtp.to: "bad address@x" is not an email address',
        'smtp.to: "x@y\\r\\nBcc: z@w" is not an email address',
        'smtp.token: is required with smtp.authmechanism oauthbearer',
        'smtp.identity: is only used with smtp.authmechanism plain or external, not oauthbearer',
        'smtp.outputformat: "markdown" is not one of html, text',
      ],
    );
    assert.deepEqual(
      smtpDestination.validate!({ hostport: 'mail:25', from: 'a@b', to: ['c@d'], authmechanism: 'cram' }),
      ['smtp.authmechanism: "cram" is not one of plain, login, oauthbearer, external, anonymous, none'],
    );
    assert.deepEqual(
      smtpDestination.validate!({
        hostport: 'mail:25',
        from: 'a@b',
        to: ['c@d'],
        authmechanism: 'anonymous',
        user: 'u',
        password: 'p',
        token: 't',
      }),
      [
        'smtp.password: is only used with smtp.authmechanism plain or login, not anonymous',
        'smtp.token: is only used with smtp.authmechanism oauthbearer, not anonymous',
      ],
    );
    assert.deepEqual(smtpDestination.validate!({ hostport: 'mail:25', from: 'a@b', to: ['c@d'], password: 'p' }), [
      'smtp.password: is set but smtp.user is not',
    ]);
    assert.deepEqual(smtpDestination.validate!({ hostport: '[::1]:587', from: 'a@b', to: 'c@d, e@f' }), []);
  });
});

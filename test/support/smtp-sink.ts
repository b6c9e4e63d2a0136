import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  messageId: string;
  text: string;
  html: string;
}

/**
 * Reads what nodemailer sends: headers with RFC 2047 encoded words, and a multipart body whose
 * parts are base64 or quoted-printable. Hand-rolled for the tests because `mailparser` cannot be
 * installed from this registry mirror (a dependency version is missing there); it handles exactly
 * the UTF-8 messages luoshi itself produces.
 */
function decodeWords(value: string): string {
  return value.replace(/\s*=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_m, kind: string, data: string) =>
    kind.toLowerCase() === 'b'
      ? Buffer.from(data, 'base64').toString('utf8')
      : decodeQuotedPrintable(data.replace(/_/g, ' ')),
  );
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const soft = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i], 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function parseMail(raw: string, to: string[]): ReceivedMail {
  const [head] = raw.split(/\r?\n\r?\n/);
  const header = (name: string) => {
    const m = new RegExp(`^${name}:\\s*((?:.*)(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head);
    return m ? decodeWords(m[1].replace(/\r?\n[ \t]/g, ' ')).trim() : '';
  };
  const part = (type: string) => {
    const m = new RegExp(`Content-Type: ${type}[^]*?\\r?\\n\\r?\\n([^]*?)\\r?\\n--`, 'i').exec(raw);
    if (!m) return '';
    const headers = raw.slice(raw.indexOf(m[0]), raw.indexOf(m[0]) + m[0].indexOf(m[1]));
    return /base64/i.test(headers)
      ? Buffer.from(m[1].replace(/\s+/g, ''), 'base64').toString('utf8')
      : /quoted-printable/i.test(headers)
        ? decodeQuotedPrintable(m[1])
        : m[1];
  };
  return {
    to,
    subject: header('Subject'),
    messageId: header('Message-ID'),
    text: part('text/plain'),
    html: part('text/html'),
  };
}

/** A real SMTP server on a loopback port that keeps what it receives and can refuse on demand. */
export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  /** Codes to answer the next DATA commands with (e.g. [451, 451]); empty = accept. */
  refusals: number[] = [];
  /** SMTP connections opened so far (a pooled sender opens a few, not one per message). */
  connections = 0;
  private readonly server: SMTPServer;

  /** `delayMs`: how long each message takes to be accepted (to catch a sender mid-batch). */
  constructor(private readonly options: { delayMs?: number } = {}) {
    this.server = new SMTPServer({
      authOptional: true,
      // Stopping the sink is an outage: pooled client connections are cut, not left to finish.
      closeTimeout: 100,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onConnect: (_session, callback) => {
        this.connections++;
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          if (this.options.delayMs) await new Promise((r) => setTimeout(r, this.options.delayMs));
          const code = this.refusals.shift();
          if (code) {
            callback(
              Object.assign(new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: code }),
            );
            return;
          }
          this.messages.push(
            parseMail(
              Buffer.concat(chunks).toString('utf8'),
              session.envelope.rcptTo.map((r) => r.address),
            ),
          );
          callback();
        });
      },
    });
  }

  async start(port = 0): Promise<string> {
    // A sender killed mid-connection resets its pooled socket; like a real MTA, the sink carries
    // on (unhandled, the 'error' event would crash the test process).
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

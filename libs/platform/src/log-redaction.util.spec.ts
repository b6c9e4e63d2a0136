import { redactUrl, redactUrlCredentials } from './log-redaction.util';

describe(redactUrl.name, () => {
  it('hides the calendar feed token, keeping the route and the options', () => {
    expect(redactUrl('/api/calendar/feed/Ab_cd-EF0123456789xyzXYZ.ics?mine=1')).toBe(
      '/api/calendar/feed/[redacted]?mine=1',
    );
  });

  it('hides token query values wherever they stand, and leaves other URLs alone', () => {
    expect(redactUrl('/api/reminders/mute?token=eyJhbGciOi.x.y')).toBe('/api/reminders/mute?token=[redacted]');
    expect(redactUrl('/api/reminders/mute?lang=zh&TOKEN=abc&x=1')).toBe(
      '/api/reminders/mute?lang=zh&TOKEN=[redacted]&x=1',
    );
    expect(redactUrl('/api/tasks?q=token&page=2')).toBe('/api/tasks?q=token&page=2');
  });
});

describe(redactUrlCredentials.name, () => {
  it('hides the password of a connection URL', () => {
    expect(redactUrlCredentials('redis://:s3cret@10.0.0.5:6379/0')).toBe('redis://:***@10.0.0.5:6379/0');
    expect(redactUrlCredentials('rediss://luoshi:s3cret@redis.example:6380')).toBe(
      'rediss://luoshi:***@redis.example:6380',
    );
    expect(redactUrlCredentials('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('prints nothing of a URL it cannot read', () => {
    expect(redactUrlCredentials('not a url :s3cret@')).toBe('[redacted]');
  });
});

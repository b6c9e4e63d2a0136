import { EXIT_CONFIG, loadConfigOrExit } from './boot.util';

describe(loadConfigOrExit.name, () => {
  const saved = { ...process.env };

  afterEach(() => {
    process.env = { ...saved };
    jest.restoreAllMocks();
  });

  it('exits with 78 and names the bad variable when the environment is invalid', () => {
    process.env.PORT = 'not-a-port';
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => {
      throw new Error('exit called');
    }) as never);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(() => loadConfigOrExit()).toThrow('exit called');
    expect(exit).toHaveBeenCalledWith(EXIT_CONFIG);
    expect(String(stderr.mock.calls[0][0])).toContain('PORT="not-a-port"');
  });

  it('returns the configuration when the environment is valid', () => {
    process.env.PORT = '4321';
    expect(loadConfigOrExit().port).toBe(4321);
  });
});

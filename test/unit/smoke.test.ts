describe('toolchain', () => {
  it('runs TypeScript tests as ESM', async () => {
    const { default: fc } = await import('fast-check');
    expect(typeof fc.assert).toBe('function');
  });
});

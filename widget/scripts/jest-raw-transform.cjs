// Jest stand-in for Vite's `?raw` imports: the module exports the file's text.
module.exports = {
  process(sourceText) {
    return { code: `module.exports = ${JSON.stringify(sourceText)};` };
  },
};

// Renders docs/asyncapi.yaml to one self-contained HTML file with the AsyncAPI generator's HTML template.
// Called by generate.sh; the generator parses and validates the document (and its references into openapi.yaml)
// first and fails on any error.
const path = require('path');
const Generator = require('@asyncapi/generator');

async function main() {
  const [spec, outDir] = process.argv.slice(2);
  const template = path.dirname(require.resolve('@asyncapi/html-template/package.json'));
  const generator = new Generator(template, path.resolve(outDir), {
    forceWrite: true,
    templateParams: { singleFile: 'true', outFilename: 'asyncapi.html' },
  });
  await generator.generateFromFile(path.resolve(spec));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

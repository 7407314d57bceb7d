import { checkXmlManifest } from '../src/check-xml-manifest';
import { buildSettings, buildXmlManifest } from './factories';

/** Replaces exactly one occurrence, so a test breaks the manifest in the place it means to. */
function replaceOnce(xml: string, search: string, replacement: string): string {
  const index = xml.indexOf(search);
  if (index < 0) throw new Error(`"${search}" is not in the XML manifest`);
  return xml.slice(0, index) + replacement + xml.slice(index + search.length);
}

function lineOf(xml: string, search: string): number {
  return xml.slice(0, xml.indexOf(search)).split('\n').length;
}

describe('the classic Outlook add-in manifest (XML)', () => {
  it('validates against the vendored Office schemas', async () => {
    expect(await checkXmlManifest(await buildXmlManifest(), buildSettings())).toEqual([]);
  });

  it('carries both buttons, the two pages and the Mailbox 1.3 requirement', async () => {
    const xml = await buildXmlManifest();

    expect(xml).toContain('xsi:type="MessageReadCommandSurface"');
    expect(xml).toContain('xsi:type="MessageComposeCommandSurface"');
    expect(xml).toContain('DefaultValue="Attach to OKR"');
    expect(xml).toContain('DefaultValue="Insert OKR status"');
    expect(xml).toContain('<bt:Sets DefaultMinVersion="1.3">');
    expect(xml).toContain('DefaultValue="https://okrs.contoso.com/addin/compose.html"');
  });

  it('refuses a button whose action has no page, naming the line', async () => {
    const xml = await buildXmlManifest();
    const broken = replaceOnce(xml, '<SourceLocation resid="composePage"/>', '');

    const problems = await checkXmlManifest(broken, buildSettings());

    expect(problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        field: `line ${lineOf(xml, '<SourceLocation resid="composePage"/>') - 1}`,
        message: expect.stringContaining('Action'),
      }),
    ]);
  });

  it('refuses a ribbon icon size that is not a number', async () => {
    const broken = replaceOnce(
      await buildXmlManifest(),
      '<bt:Image size="80" resid="icon80"/>',
      '<bt:Image size="large" resid="icon80"/>',
    );

    const problems = await checkXmlManifest(broken, buildSettings());

    expect(problems).toEqual([
      expect.objectContaining({ message: expect.stringContaining("'size'") }),
    ]);
  });

  it('refuses an unknown permission level at the root', async () => {
    const broken = replaceOnce(
      await buildXmlManifest(),
      '<Permissions>ReadWriteItem</Permissions>',
      '<Permissions>Everything</Permissions>',
    );

    expect(await checkXmlManifest(broken, buildSettings())).toEqual([
      expect.objectContaining({ message: expect.stringContaining('Permissions') }),
    ]);
  });

  it('refuses XML that is not well formed', async () => {
    const xml = await buildXmlManifest();
    const broken = replaceOnce(xml, '</FormSettings>', '</FormSetting>');

    expect(await checkXmlManifest(broken, buildSettings())).toEqual([
      expect.objectContaining({
        severity: 'error',
        field: `line ${lineOf(xml, '</FormSettings>')}`,
        message: expect.stringContaining('Opening and ending tag mismatch'),
      }),
    ]);
  });

  it('refuses a page URL that is not on PUBLIC_URL, naming the line', async () => {
    const xml = await buildXmlManifest();
    const original =
      '<bt:Url id="readPage" DefaultValue="https://okrs.contoso.com/addin/read.html"/>';
    const broken = replaceOnce(
      xml,
      original,
      '<bt:Url id="readPage" DefaultValue="https://evil.example/addin/read.html"/>',
    );

    expect(await checkXmlManifest(broken, buildSettings())).toEqual([
      expect.objectContaining({
        field: `line ${lineOf(xml, original)}`,
        message: expect.stringContaining('is not on PUBLIC_URL'),
      }),
    ]);
  });
});

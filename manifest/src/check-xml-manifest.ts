import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateXML, type XMLFileInfo } from 'xmllint-wasm';
import type { BuildSettings } from './build-settings';
import { checkManifestUrls } from './check-urls';
import { collectXmlUrls } from './collect-urls';
import { OWN_SCHEMAS_DIR, VENDORED_XSD_DIR, XML_MANIFEST_NAME } from './manifest-files';
import { error, type Problem } from './problems';

const ROOT_SCHEMA = 'office-app-mail-root.xsd';
const VENDORED_SCHEMAS = [
  'OfficeAppBasicTypesV1_0.xsd',
  'MailAppVersionOverridesV1_0.xsd',
  'MailAppVersionOverridesV1_1.xsd',
];

/**
 * Microsoft's basic-types schema writes the `Version` facet as `(...){0,3}?`. .NET's
 * validator (Visual Studio) accepts the trailing lazy `?`; XSD regular expressions and
 * libxml2 do not, and refuse to compile the whole schema. An XSD pattern must match the
 * entire value, so greedy and lazy accept exactly the same strings: dropping the `?` in
 * memory changes nothing that is checked. The vendored file stays byte for byte.
 */
const LAZY_VERSION_FACET = '(\\.[0-9]{1,5}){0,3}?"';
const GREEDY_VERSION_FACET = '(\\.[0-9]{1,5}){0,3}"';

function loadSchemas(): { root: XMLFileInfo; imports: XMLFileInfo[] } {
  const imports = VENDORED_SCHEMAS.map((fileName) => {
    let contents = readFileSync(path.join(VENDORED_XSD_DIR, fileName), 'utf8');
    if (fileName === 'OfficeAppBasicTypesV1_0.xsd') {
      if (!contents.includes(LAZY_VERSION_FACET)) {
        throw new Error(
          `${fileName} changed: the Version facet workaround in check-xml-manifest.ts no longer applies`,
        );
      }
      contents = contents.replace(LAZY_VERSION_FACET, GREEDY_VERSION_FACET);
    }
    return { fileName, contents };
  });
  const root = {
    fileName: ROOT_SCHEMA,
    contents: readFileSync(path.join(OWN_SCHEMAS_DIR, ROOT_SCHEMA), 'utf8'),
  };
  return { root, imports };
}

/**
 * Checks a filled classic Outlook add-in manifest. One xmllint run validates the whole
 * document: the elements above VersionOverrides against Throughline's reconstruction of
 * the root (Microsoft's root schema has no public copy), VersionOverrides 1.0 and 1.1
 * against Microsoft's own schemas. Then the same URL rules as the JSON manifest.
 */
export async function checkXmlManifest(xml: string, settings: BuildSettings): Promise<Problem[]> {
  const { root, imports } = loadSchemas();
  const result = await validateXML({
    xml: [{ fileName: XML_MANIFEST_NAME, contents: xml }],
    schema: [root],
    preload: imports,
  });
  // xmllint follows a parser error with unlocated lines that echo the source and a caret;
  // the located line already says what is wrong.
  const problems: Problem[] = result.errors.flatMap((xmlError) =>
    xmlError.loc
      ? [error(XML_MANIFEST_NAME, `line ${xmlError.loc.lineNumber}`, xmlError.message.trim())]
      : [],
  );
  if (!result.valid && problems.length === 0) {
    problems.push(error(XML_MANIFEST_NAME, 'document', result.rawOutput.trim() || 'is not valid'));
  }
  problems.push(...checkManifestUrls(XML_MANIFEST_NAME, collectXmlUrls(xml), settings));
  return problems;
}

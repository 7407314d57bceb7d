/**
 * A link that opens a key result inside the Teams client (not the browser): the My OKRs
 * personal tab (entity `my-okrs` in the app manifest) with `kr:{id}` as its sub-entity,
 * which the tab reads as `page.subPageId` and turns into its key result route.
 */
export function teamsKeyResultDeepLink(
  teamsAppId: string,
  keyResultId: string,
  label = 'My OKRs',
): string {
  const context = encodeURIComponent(JSON.stringify({ subEntityId: `kr:${keyResultId}` }));
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(teamsAppId)}/my-okrs?label=${encodeURIComponent(label)}&context=${context}`;
}

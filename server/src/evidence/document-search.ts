/**
 * Finding a document to attach from the tab: Microsoft Search (`POST /search/query`,
 * entity type `driveItem`) as the signed-in person, so the results are the OneDrive and
 * SharePoint files they can open. Graph's `/me/drive/recent` would be the obvious list,
 * but Microsoft retired it (it stopped returning data after November 2026).
 */
import type { z } from 'zod';
import type {
  DocumentHit,
  DocumentSearchResult,
  SearchDocumentsQuery,
} from '@throughline/contracts';
import type { Principal } from '../platform/auth/principal';
import { toAppError, type GraphClients } from '../platform/graph/client';

const FIELDS = [
  'id',
  'name',
  'webUrl',
  'size',
  'lastModifiedDateTime',
  'lastModifiedBy',
  'parentReference',
  'file',
];

interface SearchHit {
  resource?: {
    id?: string;
    name?: string;
    webUrl?: string;
    size?: number;
    lastModifiedDateTime?: string;
    lastModifiedBy?: { user?: { displayName?: string } };
    parentReference?: { driveId?: string };
    folder?: unknown;
  };
}

interface SearchResponse {
  value?: { hitsContainers?: { hits?: SearchHit[] }[] }[];
}

export async function searchDocuments(
  graph: GraphClients,
  principal: Principal,
  query: z.output<typeof SearchDocumentsQuery>,
): Promise<DocumentSearchResult> {
  let response: SearchResponse;
  try {
    response = await graph.forUser(principal).post<SearchResponse>('/search/query', {
      requests: [
        {
          entityTypes: ['driveItem'],
          query: { queryString: query.q },
          from: 0,
          size: query.limit,
          fields: FIELDS,
        },
      ],
    });
  } catch (error) {
    throw toAppError(error, 'the document search');
  }
  const hits = (response.value ?? []).flatMap((answer) =>
    (answer.hitsContainers ?? []).flatMap((container) => container.hits ?? []),
  );
  return { items: hits.map(toHit).filter((hit): hit is DocumentHit => hit !== null) };
}

// Folders and hits without a drive cannot be attached as a document: leave them out.
function toHit({ resource }: SearchHit): DocumentHit | null {
  const driveId = resource?.parentReference?.driveId;
  if (!resource?.id || !driveId || !resource.name || !resource.webUrl || resource.folder)
    return null;
  return {
    driveId,
    itemId: resource.id,
    name: resource.name,
    webUrl: resource.webUrl,
    size: resource.size ?? null,
    lastModifiedDateTime: resource.lastModifiedDateTime ?? null,
    lastModifiedBy: resource.lastModifiedBy?.user?.displayName ?? null,
  };
}

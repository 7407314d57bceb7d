import type { EvidenceVisibility } from '@throughline/contracts';

/**
 * Who sees an evidence item, in the words the server applies: never more than those who can
 * see its key result or deliverable.
 */
export const evidenceVisibilityLabels: Record<EvidenceVisibility, string> = {
  key_result: 'Everyone who can see the key result',
  owner_and_manager: 'The key result’s owner, the people who attached it, and their managers',
  organisation: 'Everyone in the organisation who can see the key result',
};

export {
  ThroughlineProvider,
  useSession,
  useApi,
  keyResultDeepLink,
  type ThroughlineSession,
  type ThroughlineProviderProps,
} from './throughline-context';
export { useResource, type Resource } from './use-resource';
export { debounce } from './debounce';
export {
  PeopleDirectoryProvider,
  createPeopleDirectory,
  usePerson,
  type PeopleDirectory,
  type PeopleDirectoryProviderProps,
} from './people-directory';
export { PersonAvatar, type PersonAvatarProps } from './PersonAvatar';
export { StatusBadge, statusLabels, type StatusBadgeProps } from './StatusBadge';
export { ScoreBadge, describeScore, type ScoreBadgeProps } from './ScoreBadge';
export { CycleEndedBar, type CycleEndedBarProps } from './CycleEndedBar';
export { KeyResultProgress, type KeyResultProgressProps } from './KeyResultProgress';
export { ErrorBar, describeError, type ErrorBarProps } from './ErrorBar';
export { EmptyState, type EmptyStateProps } from './EmptyState';
export { Surface, type SurfaceProps } from './Surface';
export { CardListSkeleton, type CardListSkeletonProps } from './Skeletons';
export { CheckInDialog, type CheckInDialogProps } from './CheckInDialog';
export {
  EvidenceList,
  EvidenceItem,
  evidenceIcon,
  documentType,
  type EvidenceListProps,
  type EvidenceItemProps,
} from './EvidenceList';
export { evidenceVisibilityLabels } from './evidence-visibility';
export { EvidenceDetailsFields, type EvidenceDetailsFieldsProps } from './EvidenceDetailsFields';
export { AlignmentTree, type AlignmentTreeProps } from './AlignmentTree';
export {
  AlignmentTargetPicker,
  filterAlignmentNodes,
  type AlignmentTargetPickerProps,
} from './AlignmentTargetPicker';
export {
  formatMetricValue,
  describeMetricTarget,
  describeMetricProgress,
  metricKindLabels,
} from './metric-format';
export { visuallyHidden } from './visually-hidden';
export { LazyCheckInDialog } from './lazy';
export { useSave, type SaveAction } from './use-save';
export {
  createIdempotentRequest,
  useIdempotentRequest,
  isDefiniteRefusal,
  isStillInProgress,
  inProgressRetryPausesMs,
  type IdempotentRequest,
  type IdempotentRequestOptions,
} from './idempotent-request';
export { NarrativeTimeline, type NarrativeTimelineProps } from './NarrativeTimeline';
export { RiskList, RisksSection, type RiskListProps, type RisksSectionProps } from './RiskList';
export {
  useSignIn,
  type SignInStage,
  type SignInOptions,
  type HostSignIn,
  type TokenSession,
} from './session/use-sign-in';
export { SignedInSession, type SignedInSessionProps } from './session/SignedInSession';

/** The Lounge's safety and moderation UI: reports, blocks, actions on people, the queue and the audit trail. */
export { BlockListProvider, useBlockList } from './BlockListContext';
export { BlockedUsersDialog } from './BlockedUsersDialog';
export { BlockedAuthorGate, MessageSafetyActions, MessageSafetyContext, type MessageSafety } from './MessageSafety';
export { ModerateUserDialog, type UserAction } from './ModerateUserDialog';
export { ModerationPanel } from './ModerationPanel';
export { ReportDialog } from './ReportDialog';

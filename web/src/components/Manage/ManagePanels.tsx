import type { CommunityApi, Message, Room, User } from '@community/client';
import type { UserAction } from '../Moderation/ModerateUserDialog';
import type { ManagePanel } from './ManageBar';
import { MembersPanel } from './MembersPanel';
import { RoomSettings } from './RoomSettings';
import { ThreadsPanel } from './ThreadsPanel';

interface Props {
  panel: ManagePanel;
  api: CommunityApi;
  room: Room;
  me: { id: string; staff?: boolean };
  messages: Message[];
  isModerator: boolean;
  canPost: boolean;
  onReply: (threadId: string, content: string) => void;
  onRoomChange: (room: Room) => void;
  /** Opens the room's moderation dialog on a member (moderators only). */
  onModerate?: (user: User, action: UserAction) => void;
  /** Bumped after each moderation action in the room. */
  moderationVersion?: number;
  onClose: () => void;
}

/** The open management panel beside the conversation, wired to the REST API. */
export function ManagePanels({ panel, api, room, me, messages, isModerator, canPost, onReply, onRoomChange, onModerate,
  moderationVersion, onClose }: Props) {
  switch (panel) {
    case 'settings':
      return <RoomSettings key={room.id} room={room} api={api}
        onSaved={onRoomChange} onClose={onClose} />;
    case 'members':
      return <MembersPanel roomId={room.id} meId={me.id} myRole={room.my_role} staff={me.staff ?? false}
        api={api} onModerate={isModerator ? onModerate : undefined} version={moderationVersion} onClose={onClose} />;
    default:
      return <ThreadsPanel roomId={room.id} messages={messages} isModerator={isModerator} canPost={canPost}
        api={api} onReply={onReply} onClose={onClose} />;
  }
}

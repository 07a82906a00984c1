import type { CommunityApi, Message, Room } from '@community/client';
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
  onClose: () => void;
}

/** The open management panel beside the conversation, wired to the REST API. */
export function ManagePanels({ panel, api, room, me, messages, isModerator, canPost, onReply, onRoomChange, onClose }: Props) {
  switch (panel) {
    case 'settings':
      return <RoomSettings key={room.id} room={room} api={api}
        onSaved={onRoomChange} onClose={onClose} />;
    case 'members':
      return <MembersPanel roomId={room.id} meId={me.id} myRole={room.my_role}
        api={api} onClose={onClose} />;
    default:
      return <ThreadsPanel roomId={room.id} messages={messages} isModerator={isModerator} canPost={canPost}
        api={api} onReply={onReply} onClose={onClose} />;
  }
}

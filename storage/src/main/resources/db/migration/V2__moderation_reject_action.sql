-- Content moderation (the seed's "AI moderation", §8.1) can refuse a message before it is stored. The refusal is
-- audited like any other moderation action, as 'reject' with source 'ai': a message that was never stored has no
-- other trace. Both databases accept dropping and re-adding a named CHECK constraint.
ALTER TABLE moderation_actions DROP CONSTRAINT moderation_actions_action_check;
ALTER TABLE moderation_actions ADD CONSTRAINT moderation_actions_action_check CHECK (action IN
    ('warn', 'mute', 'unmute', 'ban', 'unban', 'hide', 'unhide', 'delete', 'lock', 'unlock', 'flag', 'reject'));

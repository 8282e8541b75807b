// Schedule notices in Discord: a finished run as the same embed /send shows (with the notice as its
// first line), anything else as one message. Posts wait for the bot to be logged in, so the missed-run
// report made at start-up is not lost while the gateway connects. This is the one place schedule posts
// leave from, so an outbox can take it over without the scheduler noticing.
import type { Logger } from '../../log.ts';
import type { ScheduleNotify } from '../../scheduler/schedule-notice.ts';
import type { DiscordBot } from './discord-bot.ts';
import { postToChannel } from './message-targets.ts';
import { clip, LIMITS, NO_MENTIONS } from './message-text.ts';
import { renderRun } from './run-message.ts';

export function createScheduleNotifier(opts: { bot: DiscordBot; alertsChannelId: string | undefined; log: Logger }): ScheduleNotify {
  const { bot, log } = opts;
  return (channelId, notice) => {
    const target = channelId ?? opts.alertsChannelId;
    if (!target) {
      log.warn('a schedule notice has no channel: set DISCORD_ALERTS_CHANNEL_ID or give the schedule a channel');
      return;
    }
    const content = clip(`⏰ ${notice.text}`, LIMITS.content);
    const payload = notice.run ? { ...renderRun(notice.run.request, notice.run.outcomes, true), content } : { content, allowedMentions: NO_MENTIONS };
    bot.ready
      .then(() => postToChannel(bot.client, target, payload))
      .catch((err: unknown) => log.warn({ err, channel: target }, 'could not post a schedule notice to Discord'));
  };
}

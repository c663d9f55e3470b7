/**
 * Speaker labels that name no person: diarization placeholders, the recorder ("Me"), and the audio device or app
 * a channel was captured from. Such labels stay on turns but never become participants or entity pages (the old
 * system created 41 bogus people from them). The rules are conservative for real names: a label is generic only
 * when it is a known placeholder or carries an unmistakable device/app word.
 */

/** Whole-label placeholders, optionally numbered or lettered: `Speaker 1`, `SPEAKER_00`, `Participant 3`, `Guest`. */
const PLACEHOLDER =
  /^(?:unknown\s+)?(?:speaker|spk|participant|guest|person|voice|caller|attendee|user|remote|local|unknown|interviewer|interviewee|moderator|host|me|myself|self|system|channel|audio|mic|microphone|other|someone|narrator|unidentified|unknown speaker)(?:[\s_#.-]*(?:\d+|[a-z]))?$/i;

/** Words that only a device or an app carries; matched as whole words so names like "Polya" or "Meeten" pass. */
const DEVICE_WORDS = [
  'microphone',
  'mic',
  'speaker',
  'speakerphone',
  'speakers',
  'headset',
  'headphones',
  'earbuds',
  'airpods',
  'earpods',
  'beats',
  'webcam',
  'camera',
  'built-in',
  'external',
  'input',
  'output',
  'usb',
  'bluetooth',
  'aggregate',
  'loopback',
  'blackhole',
  'soundflower',
  'jabra',
  'logitech',
  'bose',
  'sennheiser',
  'plantronics',
  'shure',
  'yeti',
  'macbook',
  'imac',
  'iphone',
  'ipad',
  'zoom',
  'teams',
  'webex',
  'facetime',
  'chrome',
  'safari',
  'firefox',
  'slack',
  'discord',
  'skype',
  'whatsapp',
  'parallels',
  'macwhisper',
  'system audio',
];

const DEVICE = new RegExp(
  `(?:^|[^\\p{L}])(?:${DEVICE_WORDS.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?=$|[^\\p{L}])`,
  'iu',
);

/** App/domain-like labels (`zoom.us`, `teams.microsoft.com`, `Meet.app`); an e-mail address is a person, not this. */
const DOMAIN = /^[^\s@]+\.(?:us|com|app|net|org|io|exe)$/i;

export function isGenericSpeaker(label: string): boolean {
  const s = label.replace(/\s+/g, ' ').trim();
  if (s === '') return true;
  if (!/\p{L}/u.test(s)) return true; // digits or punctuation only
  if (s.includes('@')) return false; // an address identifies a person
  if (PLACEHOLDER.test(s)) return true;
  if (DOMAIN.test(s)) return true;
  if (/\.(?:us|com|app)\b/i.test(s)) return true;
  return DEVICE.test(s);
}

/**
 * Name lists shared across layers: one list per idea, so the extractor and the entity registry never disagree on
 * what counts as, say, a free-mail address.
 */

/** Mail providers whose domain says nothing about the sender's organisation. */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set(
  `gmail.com googlemail.com yahoo.com yahoo.co.uk ymail.com hotmail.com hotmail.co.uk outlook.com live.com msn.com
  aol.com icloud.com me.com mac.com protonmail.com proton.me pm.me gmx.com gmx.de gmx.net web.de mail.com zoho.com
  yandex.com yandex.ru qq.com 163.com 126.com fastmail.com fastmail.fm hey.com tutanota.com comcast.net verizon.net
  att.net sbcglobal.net bellsouth.net cox.net earthlink.net btinternet.com orange.fr free.fr laposte.net libero.it
  t-online.de seznam.cz mail.ru rocketmail.com`
    .split(/\s+/)
    .filter(Boolean),
);

/** A free-mail domain (`gmail.com`), compared case-insensitively. */
export function isFreeMailDomain(domain: string): boolean {
  return FREE_MAIL_DOMAINS.has(domain.trim().toLowerCase());
}

/**
 * Capitalised words that open a sentence with a comma ("Yes, …", "Monday, …") and are not anyone's name: one list
 * for every reader of vocatives (who a message or a turn is addressed to). Lower case; compare with `isSentenceOpener`.
 */
const SENTENCE_OPENERS: ReadonlySet<string> = new Set(
  `yes yeah no ok okay sure great perfect thanks thank thx sorry right well now also again anyway honestly agreed
  correct absolutely indeed however meanwhile additionally finally first second third separately unfortunately
  fortunately otherwise regards cheers best hi hey hello dear morning afternoon evening happy congrats congratulations
  note ps fyi update so and but or then today tomorrow yesterday monday tuesday wednesday thursday friday saturday
  sunday please sounds interesting good awesome cool wow oh ah hmm alright understood noted apologies actually
  basically listen look sorry january february march april june july august september october november december
  team guys everyone folks gentlemen ladies sir madam`.split(/\s+/),
);

export function isSentenceOpener(word: string): boolean {
  return SENTENCE_OPENERS.has(word.toLowerCase());
}

/**
 * Interchangeable English given names. No string metric links Bob to Robert, so name variants need a table;
 * config.entities.nicknames extends it per vault. A name may sit in several groups (Chris: Christopher and
 * Christine), so lookups answer "do these two share a group", never "what is the canonical form".
 */
import type { Config } from '../vault/config.ts';

const GROUPS = `
jeff jeffrey geoff geoffrey jeffery
bob robert rob bobby robbie bert
bill william will willie billy liam
mike michael mick mickey mikey
jon john jonathan jonny johnny jack jonsi
jim james jimmy jamie
kate katherine catherine kathy cathy katie kat kathryn kathleen
alex alexander alexandra alec sasha lex xander
dave david davey
chris christopher kris topher
chris christine christina tina chrissy
tom thomas tommy
dan daniel danny
sam samuel sammy
sam samantha sammie
steve stephen steven stevie
matt matthew matty
nick nicholas nicolas nicky
tony anthony ant
andy andrew drew
ben benjamin benny
joe joseph joey jos
rick richard rich dick ricky richie
ed edward eddie ned ted
ed edwin eddie
ted theodore theo
greg gregory
pat patrick paddy
pat patricia patty trish tricia
liz elizabeth beth betty lizzie eliza libby elisabeth
jen jennifer jenny jenn
sue susan susie suzanne
maneesh manish
charlie charles chuck chas
al albert bert
al alan allan allen
al alfred alfie fred
fred frederick freddie freddy
harry harold hal
harry henry hank
larry lawrence laurence
ron ronald ronnie
don donald donnie
ray raymond
ken kenneth kenny
tim timothy timmy
phil philip phillip
pete peter
walt walter wally
frank francis frankie
frank franklin
gerry gerald jerry
jerry jeremy jeremiah
josh joshua
zach zachary zack
nate nathan nathaniel
vince vincent vinny
vic victor
ger gerard
doug douglas
stan stanley
russ russell
gabe gabriel
gabby gabrielle gabriella
abby abigail abbie
becky rebecca becca
maggie margaret meg peggy marge margie greta
mandy amanda
manda amanda
debbie deborah debra deb
cindy cynthia
sandy sandra
sandy alexandra
vicky victoria tori
val valerie valentina
val valentin valentine
jess jessica jessie
jo joanna joanne josephine jo-ann
nan nancy ann anne annie anna hannah
molly mary maria marie mae
judy judith
terry theresa teresa tess tessa
terry terence terrance
dot dorothy dottie
ellie eleanor elinor nell nellie ella
ellie ellen helen
lou louis lewis louie
lou louise lulu
leo leonard leon lenny len
mo maurice morris
mo mohammed muhammad mohamed mohamad mohammad
ollie oliver
ollie olivia liv
max maximilian maxwell maxim
rob roberto bobby
luke lucas luca
tino valentino
fer fernando
pepe jose
paco francisco pancho
nacho ignacio
sasha aleksandr aleksandra alexandr
misha mikhail
dima dmitri dmitry
kolya nikolai
vova vladimir volodymyr
zhenya yevgeny evgeny eugene gene
stu stuart stewart
sid sidney sydney
ty tyler
tyrone ty
wes wesley
cliff clifford
brad bradley
herb herbert
kit christopher
marty martin
mitch mitchell
`;

function parse(text: string): string[][] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => l.split(/\s+/));
}

export interface NicknameTable {
  /** Given name (lower case, accent-folded) -> indexes of the groups it belongs to. */
  groups: Map<string, Set<number>>;
}

export function nicknameTable(config?: Config): NicknameTable {
  const all = [
    ...parse(GROUPS),
    ...(config?.entities.nicknames ?? []).map((g) => g.map((n) => n.toLowerCase().trim())),
  ];
  const groups = new Map<string, Set<number>>();
  all.forEach((group, i) => {
    for (const name of group) {
      if (!groups.has(name)) groups.set(name, new Set());
      groups.get(name)!.add(i);
    }
  });
  return { groups };
}

/** Both given names are in one group (expects lower-case, accent-folded names). */
export function areNicknames(table: NicknameTable, a: string, b: string): boolean {
  if (a === b) return true;
  const ga = table.groups.get(a);
  const gb = table.groups.get(b);
  if (!ga || !gb) return false;
  for (const g of ga) if (gb.has(g)) return true;
  return false;
}

export function groupCount(table: NicknameTable): number {
  const seen = new Set<number>();
  for (const g of table.groups.values()) for (const i of g) seen.add(i);
  return seen.size;
}

/** A given name the table knows (lower case, accent-folded): tells "Berube Sebastien" from "Jeff Denworth". */
export function isGivenName(table: NicknameTable, name: string): boolean {
  return table.groups.has(name);
}

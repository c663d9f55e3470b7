import { describe, expect, it } from 'vitest';
import type { Unit } from '../sentences.ts';
import { FOOTER } from './features.ts';
import { sectionKind, selectItems } from './select.ts';
import type { Classified, OfflineModel } from './sentence-model.ts';

const model: OfflineModel = {
  version: 1,
  trained_on: 'test',
  sentence: { classes: ['task', 'decision', 'fact', 'none'], bias: [0, 0, 0, 0], weights: {} },
  owner: { classes: ['speaker', 'addressee', 'named', 'nobody'], bias: [0, 0, 0, 0], weights: {} },
  thresholds: { task: 0.45, decision: 0.6, fact: 0.25 },
};

function asFact(text: string, index: number): Classified {
  const unit: Unit = { text, speaker: 'Rick Scurfield', audience: ['Myself'], ref: null, index, position: 0 };
  return { unit, features: [], ownerFeatures: [], p: { task: 0.01, decision: 0.01, fact: 0.9, none: 0.08 } };
}

/** A unit the model is sure is a task, said by Rick to the owner unless `unit` says otherwise. */
function asTask(text: string, unit: Partial<Unit> = {}): Classified {
  return {
    unit: { text, speaker: 'Rick Scurfield', audience: ['Myself'], ref: null, index: 0, position: 0, ...unit },
    features: [],
    ownerFeatures: [],
    p: { task: 0.99, decision: 0, fact: 0, none: 0.01 },
  };
}

const ctx = {
  people: ['Rick Scurfield', 'Myself'],
  ownerName: 'Jason Vallery',
  ownerFirst: 'jason',
  done: [],
  sourceDate: '2025-12-17',
  subjects: [],
  max: { tasks: 8, decisions: 6, facts: 10 },
};

describe('selectItems', () => {
  it('never keeps a mail footer as a fact, however sure the model is of it', () => {
    const footer = [
      '© 2025 LinkedIn Corporation, 1000 West Maude Avenue, Sunnyvale, CA 94085.',
      'Google LLC, 1600 Amphitheatre Parkway, Mountain View, CA 94043, USA',
      '100 Park Ave, 14th Floor, New York, NY 10017, United States',
      'Read our Privacy Policy.',
      'LinkedIn and the LinkedIn logo are registered trademarks of LinkedIn.',
    ];
    const content = 'Any deal larger than 15 PB requires deal desk sign-off prior to quoting.';
    const { facts } = selectItems(model, [...footer, content].map(asFact), ctx);
    expect(facts.map((f) => f.evidence)).toEqual([content]);
  });

  it('keeps one of a speaker saying the same thing again in a call, and both of two statements that share words', () => {
    const said = [
      'The week of the 12th is the week I will aim for.',
      'We will go to Florida first and then the Bay Area.',
      'The week of the 12th is the target week in my mind.',
    ].map((text, i) => ({ ...asFact(text, i), p: { task: 0, decision: 0, fact: 0.9 - i * 0.1, none: 0.1 } }));
    const spoken = selectItems(model, said, { ...ctx, spoken: true }).facts.map((f) => f.text);
    expect(spoken).toEqual([
      'The week of the 12th is the week Rick Scurfield will aim for.',
      'We will go to Florida first and then the Bay Area.',
    ]);
    // in writing, a restatement is the writer's choice: both stay
    expect(selectItems(model, said, ctx).facts).toHaveLength(3);
    const different = [
      '100% rewards for everything I did last year.',
      'It was my most impactful year at Microsoft, last year.',
    ];
    expect(selectItems(model, different.map(asFact), { ...ctx, spoken: true }).facts).toHaveLength(2);
  });

  it('names the speaker of a fact said in the first person, and files it by what it says', () => {
    const said = { ...asFact("I already heard Microsoft's deploying hard drives into New Jersey, not flash.", 0) };
    const [fact] = selectItems(model, [said], { ...ctx, subjects: ['Rick Scurfield', 'Microsoft'] }).facts;
    expect(fact?.text).toBe(
      "Rick Scurfield already heard Microsoft's deploying hard drives into New Jersey, not flash.",
    );
    expect(fact?.about).toBe('Microsoft');
    expect(fact?.evidence).toBe(said.unit.text);
  });

  it("never keeps a season's greeting as a fact", () => {
    const said = [
      '… and Happy New Year!',
      'Happy New Year to you as well!',
      'Jen and Greg, congrats on the first cloud PO!',
    ];
    expect(selectItems(model, said.map(asFact), ctx).facts.map((f) => f.evidence)).toEqual([said[2]]);
  });

  it('never quotes a markdown table row as a fact', () => {
    const rows = [
      '|Mon – Weekly review (45m)|Product and engineering review|PM leads|Product Ops|KPI deck|',
      'The weekly review moves to Mondays from January.',
    ];
    expect(selectItems(model, rows.map(asFact), ctx).facts.map((f) => f.evidence)).toEqual([rows[1]]);
  });

  it('keeps a statement the speaker ends on a tag question, never a real question', () => {
    const said = [
      'A standard installation takes two weeks from rack and stack to deploy, right?',
      'Which racks ship first?',
    ];
    const { facts } = selectItems(model, said.map(asFact), ctx);
    expect(facts.map((f) => [f.text, f.evidence])).toEqual([
      ['A standard installation takes two weeks from rack and stack to deploy.', said[0]],
    ]);
  });

  it('tells a footer from a sentence that gives an address or speaks of rights', () => {
    expect(FOOTER.test('Details: the January meetup moves to 2000 Main Street #100, Boulder, Colorado 80301')).toBe(
      false,
    );
    expect(FOOTER.test('Microsoft IP rights extended to 2032')).toBe(false);
  });
});

describe('selectItems: whose task', () => {
  it('leaves a first-person commitment of an unknown speaker unowned rather than giving it to the listener', () => {
    // An owner model that reads every task as the addressee's: the listener is the only other person in the call.
    const leaning: OfflineModel = { ...model, owner: { ...model.owner, bias: [0, 1, 0, 0] } };
    const said = (speaker: string | null): Classified => ({
      unit: {
        text: "I'll send out the invites after the call.",
        speaker,
        audience: ['Myself'],
        ref: null,
        index: 0,
        position: 0,
      },
      features: [],
      ownerFeatures: [],
      p: { task: 0.99, decision: 0, fact: 0, none: 0.01 },
    });
    expect(selectItems(leaning, [said(null)], ctx).tasks.map((t) => t.owner)).toEqual(['TBD']);
    expect(selectItems(leaning, [said('Rick Scurfield')], ctx).tasks.map((t) => t.owner)).toEqual(['Rick Scurfield']);
    // "I owe you, Billy, …" is the speaker's to deliver, not Billy's, however the owner model reads the name.
    const naming: OfflineModel = { ...model, owner: { ...model.owner, bias: [0, 0, 1, 0] } };
    const owed: Classified = {
      ...said('Rick Scurfield'),
      unit: { ...said('Rick Scurfield').unit, text: 'So, I owe you, Billy, an estimate of the test time.' },
    };
    expect(selectItems(naming, [owed], { ...ctx, people: [...ctx.people, 'Billy Kettler'] }).tasks[0]?.owner).toBe(
      'Rick Scurfield',
    );
  });
});

describe('selectItems: news of someone away is no task', () => {
  it('drops "I will be out for two weeks" and "I have to drop for another call", keeps what is asked of them', () => {
    const units = [
      asTask("I'll be out for the next 2 weeks so let's connect in January."),
      asTask('I have to drop for another call.'),
      asTask("I'll send out the invites before I'm out on vacation."),
    ];
    expect(selectItems(model, units, ctx).tasks.map((t) => t.text)).toEqual([
      'Send out the invites before Rick Scurfield is out on vacation.',
    ]);
  });
});

describe('selectItems: too little to act on', () => {
  it('drops a lone word said to someone, a subject reference and a gerund opening; keeps a short action', () => {
    const units = [
      asTask('Hardware, Jason.', { index: 0 }),
      asTask('Re:SEDs in general.', { index: 1 }),
      asTask('Following up on the note shared last week.', { index: 2 }),
      asTask('Call Jeff.', { index: 3 }),
      asTask('Bring the rack diagram to the review.', { index: 4 }),
    ];
    expect(selectItems(model, units, ctx).tasks.map((t) => t.text)).toEqual([
      'Call Jeff.',
      'Bring the rack diagram to the review.',
    ]);
  });
});

describe('selectItems: the one an action is for does not do it', () => {
  it('leaves "Tell Rick Scurfield…" unowned rather than Rick\'s, whatever the owner model says', () => {
    const bySpeaker: OfflineModel = { ...model, owner: { ...model.owner, bias: [1, 0, 0, 0] } };
    const unit = asTask('Please let me know if they think we should reschedule.', {
      audience: ['Myself', 'Dana Reyes'],
    });
    const [task] = selectItems(bySpeaker, [unit], { ...ctx, people: [...ctx.people, 'Dana Reyes'] }).tasks;
    expect(task?.text).toBe('Tell Rick Scurfield if they think the team should reschedule.');
    expect(task?.owner).toBe('TBD');
  });
});

describe('selectItems: sections of a note', () => {
  const quiet = (text: string, index: number): Classified => ({
    unit: { text, speaker: null, audience: [], ref: null, index, position: 0 },
    features: [],
    ownerFeatures: [],
    p: { task: 0.01, decision: 0.01, fact: 0.3, none: 0.68 },
  });

  it('keeps the bullets under a Decisions heading as decisions, whatever the model makes of them', () => {
    const units = [
      '## Decisions (architecture, priority)',
      '- Prioritise the design partnership on Azure over other partners.',
      '- Treat the reseller as an incentive-led partner rather than a co-development one.',
      '## Risks',
      '- Cloud cost may erode the value of the offer.',
    ].map(quiet);
    const { decisions, facts } = selectItems(model, units, ctx);
    expect(decisions.map((d) => d.evidence)).toEqual([units[1]?.unit.text, units[2]?.unit.text]);
    expect(facts.map((f) => f.evidence)).toEqual([units[4]?.unit.text]);
  });

  it('reads what a heading announces, and nothing from one of what is still open', () => {
    expect(sectionKind('Decisions')).toBe('decision');
    expect(sectionKind('What we agreed')).toBe('decision');
    expect(sectionKind('Action Items (critical path first)')).toBe('task');
    expect(sectionKind('Next steps')).toBe('task');
    expect(sectionKind('Key Facts (scope, metrics, links)')).toBe('fact');
    expect(sectionKind('Open decisions I want from Jeff')).toBeNull();
    expect(sectionKind('Decisions to make')).toBeNull();
    expect(sectionKind('Risks')).toBeNull();
  });

  it('does not take a bullet that asks for a decision for one made', () => {
    const units = ['**Decisions**', '- Approve the support and end-of-life policy and its publish date.'].map(quiet);
    expect(selectItems(model, units, ctx).decisions).toEqual([]);
  });
});

describe('selectItems: "she will…"', () => {
  const turn = (text: string, position: number, task: number): Classified => ({
    unit: { text, speaker: 'Rob Banga', audience: ['Myself'], ref: null, index: 4, position },
    features: [],
    ownerFeatures: [],
    p: { task, decision: 0, fact: 0, none: 1 - task },
  });

  it('gives the action to the person the sentence before it named', () => {
    const units = [
      turn('I just had a request for Christina because she owns the Salesforce follow-up.', 0, 0.01),
      turn('She will try to set up the Salesforce walkthrough for Thursday.', 1, 0.99),
    ];
    expect(selectItems(model, units, ctx).tasks.map((t) => t.owner)).toEqual(['Christina']);
  });

  it('does not guess when the sentence before named nobody', () => {
    const units = [
      turn('The walkthrough is still not booked.', 0, 0.01),
      turn('She will try to set up the Salesforce walkthrough for Thursday.', 1, 0.99),
    ];
    expect(selectItems(model, units, ctx).tasks.map((t) => t.owner)).not.toContain('Christina');
  });
});

describe('selectItems: a request in a message that opened by addressing someone', () => {
  it('is for the person the message opened on, not whom the thread last replied to', () => {
    const people = ['David Pawlak', 'Lior Genzel', 'Mallikarjun Chadalapaka', 'Myself'];
    const line = (text: string, position: number, task: number): Classified => ({
      unit: {
        text,
        speaker: 'David Pawlak',
        audience: ['Lior Genzel', 'Mallikarjun Chadalapaka', 'Myself'],
        repliesTo: 'Mallikarjun Chadalapaka',
        ref: null,
        index: 7,
        position,
      },
      features: [],
      ownerFeatures: [],
      p: { task, decision: 0, fact: 0, none: 1 - task },
    });
    const units = [
      line('@Lior Genzel @Jason Vallery', 0, 0.01),
      line('Attached is the sheet we reviewed this morning.', 1, 0.01),
      line('Please populate it and let us know when you plan to submit it.', 2, 0.99),
    ];
    const { tasks } = selectItems(model, units, { ...ctx, people });
    expect(tasks.map((t) => t.owner)).toEqual(['Lior Genzel']);
  });
});

describe('selectItems: no task to oneself', () => {
  it("gives 'Text Jason…' in the owner's notes to the other person there, not to the owner", () => {
    const note = (text: string): Classified => ({
      unit: { text, speaker: null, audience: [], ref: null, index: 0, position: 0 },
      features: [],
      ownerFeatures: [],
      p: { task: 0.99, decision: 0, fact: 0, none: 0.01 },
    });
    // An owner model that reads every task as the named person's: here the owner, the only name in it.
    const own: OfflineModel = { ...model, owner: { ...model.owner, bias: [0, 0, 1, 0] } };
    const people = ['Jonsi Stefansson', 'Myself'];
    const owners = (text: string) => selectItems(own, [note(text)], { ...ctx, people }).tasks.map((t) => t.owner);
    expect(owners('Text Jason after the meeting with the board and schedule a debrief.')).toEqual(['Jonsi Stefansson']);
    expect(owners('Jason will send the deck to the board by Friday.')).toEqual(['Myself']);
  });
});

describe('selectItems: an unnamed speaker’s task that an earlier summary in the source assigned', () => {
  const unnamed = (text: string, index: number): Classified => ({
    unit: { text, speaker: null, audience: [], ref: null, index, position: index },
    features: [],
    ownerFeatures: [],
    p: { task: 0.99, decision: 0, fact: 0, none: 0.01 },
  });
  const assigned = [
    { text: 'Send Tackle platform invitations to meeting participants', owner: 'Peter Kapsashi' },
    { text: 'Share the metering API documentation', owner: 'Jason Vallery' },
  ];

  it('takes the owner the summary gave the same action', () => {
    const units = [
      unnamed("At the end of the call, I'll make sure to just send out some invites.", 0),
      unnamed("I'll share the metering documentation after this.", 1),
    ];
    expect(selectItems(model, units, { ...ctx, assigned }).tasks.map((t) => t.owner)).toEqual([
      'Peter Kapsashi',
      'Myself',
    ]);
  });

  it('leaves it unassigned when the summary names a different action', () => {
    const units = [unnamed("I'll review the invites list with the partners.", 0)];
    expect(selectItems(model, units, { ...ctx, assigned }).tasks.map((t) => t.owner)).toEqual(['TBD']);
  });
});

describe('selectItems: a checklist line as a fact', () => {
  it("keeps the line's own words, without the Tasks plugin's owner, priority, dates and edit link", () => {
    const line =
      '- [x] Plan full multi-tenant SaaS offering, target timing likely FY28. @Product 🔼[](app://obsidian.md/index.html# "Edit task") ✅ 2025-11-08';
    const { facts } = selectItems(
      model,
      [asFact(line, 0), asFact('- [x] Tackle IO for overages/pricing EULA ✅ 2025-11-08', 1)],
      ctx,
    );
    expect(facts.map((f) => f.text)).toEqual([
      'Plan full multi-tenant SaaS offering, target timing likely FY28.',
      'Tackle IO for overages/pricing EULA',
    ]);
    expect(facts[0]?.evidence).toBe(line);
  });
});

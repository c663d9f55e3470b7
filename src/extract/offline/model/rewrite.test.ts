import { describe, expect, it } from 'vitest';
import { nameTheSpeaker, resolvePronouns, taskAction, taskLine } from './rewrite.ts';

describe('taskLine', () => {
  it('turns a commitment into the action, with the pronouns said to someone named', () => {
    expect(
      taskLine("I'll send you the deck by Friday.", { speaker: 'Jeff Denworth', addressee: 'Jason Vallery' }),
    ).toBe('Send Jason Vallery the deck by Friday.');
  });

  it('turns a request into the action, the requester named for "me"', () => {
    expect(
      taskLine('Jason, can you please send me the updated pricing deck?', {
        speaker: 'Jeff Denworth',
        addressee: 'Jason Vallery',
      }),
    ).toBe('Send Jeff Denworth the updated pricing deck.');
  });

  it('reads "let me know" as a request to tell the speaker, and "I\'ll let you know" as a promise to tell', () => {
    const who = { speaker: 'David Ellis', addressee: 'Jason Vallery' };
    expect(taskAction('Please let me know by Friday morning if they can make it.', who)).toEqual({
      text: 'Tell David Ellis by Friday morning if they can make it.',
      voice: 'addressee',
    });
    expect(taskLine('Can you let me know if Wednesday or Thursday would be better?', who)).toBe(
      'Tell David Ellis if Wednesday or Thursday would be better.',
    );
    expect(taskLine('VAST team, please let me know if Wednesday works', who)).toBe(
      'Tell David Ellis if Wednesday works.',
    );
    expect(taskLine("I'll let you know by Monday.", who)).toBe('Let Jason Vallery know by Monday.');
  });

  it('drops spoken asides and openers and stops where another thought begins', () => {
    expect(
      taskLine("So, you know, I'm going to write up the design doc this week, but it depends on Jeff.", {
        speaker: 'Jason Vallery',
        addressee: null,
      }),
    ).toBe('Write up the design doc this week.');
  });

  it('keeps the words a sentence ended on, trimming dangling ones only where the line was cut', () => {
    const who = { speaker: 'Lior Genzel', addressee: 'Jason Vallery' };
    expect(taskLine('Let me follow up on that.', who)).toBe('Follow up on that.');
    expect(taskLine('Let me look into that.', who)).toBe('Look into that.');
    expect(taskLine("I'll send the deck to the, but it depends on Jeff.", who)).toBe('Send the deck.');
  });

  it('cuts a run-on sentence to a readable line without an ellipsis', () => {
    const line = taskLine(
      "I'll put together the list of every customer on the cloud roadmap and the regions they need and the dates they asked for and the capacity per region and the support terms",
      { speaker: 'Lior Genzel', addressee: null },
    );
    expect(line.split(' ').length).toBeLessThanOrEqual(24);
    expect(line).not.toMatch(/\.\.\.|…/);
    expect(line).toMatch(/^Put together the list/);
  });

  it('cuts a long line without a comma where a relative clause begins, not mid-phrase', () => {
    expect(
      taskLine(
        "So I'm going to follow up with Amji and say that we're planning to share a design document that we want to take the relationship to the next level, update.",
        { speaker: 'Lior Genzel', addressee: 'Jason Vallery' },
      ),
    ).toBe('Follow up with Amji and say that the team is planning to share a design document.');
  });
});

describe('taskLine in the simple form', () => {
  it('turns the progressive a speaker commits in into the imperative', () => {
    const v = { speaker: 'David Hall', addressee: 'Jason Vallery' };
    expect(taskLine("I'll be reviewing that today and send you notes.", v)).toBe(
      'Review that today and send Jason Vallery notes.',
    );
    expect(taskLine("We'll be able to get the quote to you by Friday.", v)).toBe(
      'Get the quote to Jason Vallery by Friday.',
    );
    expect(taskLine('I will be working with Violet on the rollout.', v)).toBe('Work with Violet on the rollout.');
  });
});

describe('taskAction', () => {
  const v = { speaker: 'Eyal Traitel', addressee: 'Jason Vallery' };

  it('says whose action the words make it, also when the action starts inside the sentence', () => {
    expect(taskAction("Awesome, feel free to ping me, and I'll send you the conference page.", v)).toEqual({
      text: 'Send Jason Vallery the conference page.',
      voice: 'speaker',
    });
    expect(taskAction('Jason, could you review the draft?', v).voice).toBe('addressee');
    expect(taskAction("Let's set up a call next week.", v).voice).toBe('team');
    expect(taskAction('Perla will share the SWOT doc.', v).voice).toEqual({ named: 'Perla' });
  });

  it('reads "I took the action item on…" as the speaker\'s action, whatever was said before it', () => {
    expect(
      taskAction("And also, let's see if, and I took the action item on setting up the Mustafa meeting.", v),
    ).toEqual({ text: 'Set up the Mustafa meeting.', voice: 'speaker' });
    expect(
      taskAction('Hardware, Jason, I added a follow-up action item to take and check it out internally, right.', v),
    ).toEqual({ text: 'Take and check it out internally.', voice: 'speaker' });
    expect(taskAction("We'll take the action item to draft the proposal for Google.", v)).toEqual({
      text: 'Draft the proposal for Google.',
      voice: 'team',
    });
  });

  it('reads "you\'ll have to…" as a request to the one written to, inside a sentence too', () => {
    const to = { speaker: 'James Vallery', addressee: 'Jason Vallery' };
    expect(
      taskAction(
        "I'm not sure how to see the 2nd degree connections for a company so you’ll have to see if you know anyone at these companies.",
        to,
      ),
    ).toEqual({ text: 'See if Jason Vallery knows anyone at these companies.', voice: 'addressee' });
    expect(taskAction('You will need to renew the license before March.', to)).toEqual({
      text: 'Renew the license before March.',
      voice: 'addressee',
    });
  });

  it('has no voice for an action stated without a subject', () => {
    expect(taskAction('Review the pricing deck before Friday.', v).voice).toBeNull();
  });
});

describe('taskLine subjects', () => {
  it('takes a capitalised name as the subject, never a word like "what" or "that"', () => {
    const v = { speaker: 'Peter Kapsashi', addressee: 'Jason Vallery' };
    expect(taskLine('Perla will share the SWOT doc.', v)).toBe('Share the SWOT doc.');
    expect(taskLine('So what will happen for the record is I will fill in the majority of this for you.', v)).toBe(
      'Fill in the majority of this for Jason Vallery.',
    );
    expect(taskLine('That will need a review by Friday.', v)).toBe('That will need a review by Friday.');
  });
});

describe('resolvePronouns', () => {
  it('names speaker and listener, contractions with their verbs', () => {
    expect(resolvePronouns("you're waiting on my answer and I'm late", { speaker: 'Noa', addressee: 'Jeff' })).toBe(
      "Jeff is waiting on Noa's answer and Noa is late",
    );
  });

  it('gives a name in place of "I" or "you" the verb\'s third person', () => {
    const v = { speaker: 'Jeff', addressee: 'Jason' };
    expect(resolvePronouns('see if you know anyone, and what I think of it', v)).toBe(
      'see if Jason knows anyone, and what Jeff thinks of it',
    );
    expect(resolvePronouns('I owe you the deck if you want it', v)).toBe('Jeff owes Jason the deck if Jason wants it');
  });

  it('makes an unnamed "you" that does something "they", one that is done to "them"', () => {
    const v = { speaker: null, addressee: null };
    expect(resolvePronouns('do you mind including it when you share the projections', v)).toBe(
      'do they mind including it when they share the projections',
    );
    expect(resolvePronouns('send you the numbers', v)).toBe('send them the numbers');
  });

  it('leaves no first or second person when nobody can be named', () => {
    const out = resolvePronouns('send us your numbers so we can decide', { speaker: null, addressee: null });
    expect(out).not.toMatch(/\b(i|you|we|me|my|your|our|us)\b/i);
  });
});

describe('nameTheSpeaker', () => {
  it('names the one who said "I" once, and leaves a statement that says it more often as said', () => {
    expect(nameTheSpeaker("I don't think Azure Blob fits their needs.", 'Lior Genzel')).toBe(
      "Lior Genzel doesn't think Azure Blob fits their needs.",
    );
    expect(nameTheSpeaker('The most impactful year of my 13 years at Microsoft.', 'Jason Vallery')).toBe(
      "The most impactful year of Jason Vallery's 13 years at Microsoft.",
    );
    const often = 'I was convinced I had top rewards coming my way.';
    expect(nameTheSpeaker(often, 'Jason Vallery')).toBe(often);
    expect(nameTheSpeaker('We shipped it; you have it.', 'Jason Vallery')).toBe('We shipped it; you have it.');
  });
});

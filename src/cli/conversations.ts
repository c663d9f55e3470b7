/** Conversation grouping is the app layer's (`src/app/conversations.ts`, issue 15); older callers import it here. */
export * from '../app/conversations.ts';

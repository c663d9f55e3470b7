/** The run's pipeline is the app layer's (`src/app/pipeline.ts`, issue 15); older callers import it from here. */
export * from '../app/pipeline.ts';

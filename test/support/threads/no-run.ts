// Test module that is no handler: it exports no run().
export const answer = 42;

import { runStateConformance } from '../state-conformance.js';
import { createMemoryState } from './create-memory-state.js';

runStateConformance('memory', async (now) => createMemoryState({ now }));

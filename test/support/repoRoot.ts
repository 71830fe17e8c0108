import { findRepoRoot } from '../../shared/findRepoRoot.js';

/** The repository root, the same whether a test runs from source (tsx) or compiled (dist/test). */
export const REPO_ROOT = findRepoRoot(import.meta.url);

/**
 * Topic views: what `/salary`, `/training`, `/levels` … show, as pure functions of the
 * KnowledgeBase returning a platform-neutral Reply. Every sentence shown is either quoted from a
 * document (with its numbered citation) or fixed interface text. One module per view in views/;
 * this file re-exports them for callers that want several.
 */
export * from './views/shared.js';
export * from './views/roles.js';
export * from './views/ask.js';
export * from './views/duties.js';
export * from './views/education.js';
export * from './views/salary.js';
export * from './views/training.js';
export * from './views/levels.js';
export * from './views/skills.js';
export * from './views/sources.js';
export * from './views/checklist.js';

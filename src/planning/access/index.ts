export * from './types.js';
export * from './keys.js';
export { groupGrants, type GroupGrants } from './group-grants.js';
export { explainAccess, heldKeys } from './explain.js';
export { differences, type AccessDifference } from './compare.js';
export { mutedButGrantedElsewhere, type MuteBypass } from './mute-effect.js';
export { closestNames, fieldFormProblem, isProblem, objectsToDescribe, resolveAsked, type AskProblem, type Asked, type AskedAccess, type ObjectDescribe } from './asked.js';

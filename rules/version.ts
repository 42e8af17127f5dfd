/**
 * Version of the rule set, stored with every run so a report says which rules produced it.
 * Bump it whenever a rule's behaviour, a threshold or the default indicator catalogue changes.
 */
export const RULE_SET_VERSION = '2026.11.1';

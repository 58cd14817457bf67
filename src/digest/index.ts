/**
 * Roundups: plan each issue (pure), render it once per variant with
 * Handlebars + MJML (pure, templates passed in), personalise it per
 * recipient by joining string parts.
 */
export type { Issue, IssuePlan, IssuePost, IssueSection, Period, PeriodKind } from './model.js';
export { dueIssues, planIssues } from './plan.js';
export { periodOf } from './periods.js';
export { MORE_POSTS, primaryTheme } from './sections.js';
export { leadOrder, MAX_PREHEADER, preheaderFor, subjectFor } from './subject.js';
export { MAX_TITLE, shorten } from './excerpt.js';
export { EVERYTHING, sectionThemeFor, variantKey, variantOf } from './variant.js';
export { DEFAULT_SUBJECT, SUBJECT_PLACEHOLDERS } from './subject-form.js';
export { SUBJECT_ROOM } from './subject.js';
export { ISSUES_KEY, ISSUES_PATH, issuePath, issueUrl } from './paths.js';
export { TemplateError } from './template-error.js';
export type { TemplateFile, TemplateSet } from './templates/files.js';
export { BUILT_IN_TEMPLATES_DIR } from './templates/files.js';
export type { DigestTemplates } from './templates/compile.js';
export { compileTemplates } from './templates/compile.js';
export type { EmailView, PostCardView, SectionView } from './render/view.js';
export type { RenderContext, RenderedIssue } from './render/render.js';
export { HTML_BUDGET_BYTES, renderIssue, renderKeys } from './render/render.js';
export type { SplitText } from './render/split.js';
export type { Slot, Tokens } from './render/tokens.js';
export { SLOTS } from './render/tokens.js';
export type { PersonalisedEmail, RecipientValues } from './personalise.js';
export { NO_NAME, personalise } from './personalise.js';
export type { IssueRenderer } from './issue-renderer.js';
export { issueRenderer } from './issue-renderer.js';
export { SAMPLE_RECIPIENT, sampleMessageId, sampleValues } from './sample.js';

package store

import "strings"

// Template is a starting point for a new page.
type Template struct {
	ID          string // "builtin:<name>" or the DocID of a page saved as a template
	Name        string
	Description string
	Body        string
}

// BuiltinPrefix marks the IDs of templates that ship with Longhand.
const BuiltinPrefix = "builtin:"

// BuiltinTemplate returns a shipped template by ID.
func BuiltinTemplate(id string) (Template, bool) {
	for _, t := range BuiltinTemplates {
		if t.ID == id {
			return t, true
		}
	}
	return Template{}, false
}

// MeetingTemplate is the builtin template whose pages are meeting pages:
// they link a pre-read and keep a decision log.
const MeetingTemplate = BuiltinPrefix + "meeting-pre-read"

// IsBuiltinTemplate reports whether id names a shipped template.
func IsBuiltinTemplate(id string) bool { return strings.HasPrefix(id, BuiltinPrefix) }

// BuiltinTemplates ship with Longhand.
var BuiltinTemplates = []Template{
	{BuiltinPrefix + "product-spec", "Product spec", "The problem, who has it, what we will build and how we will know it worked.",
		"## Summary\n\nOne paragraph: what we are building and why now.\n\n## Problem\n\nWho has the problem, how we know, and what it costs them today.\n\n## Goals and non-goals\n\n- Goal:\n- Non-goal:\n\n## Proposal\n\nHow it works, from the user's side first.\n\n## Alternatives considered\n\n| Option | For | Against |\n|---|---|---|\n|  |  |  |\n\n## Success measures\n\n- Metric, today's value, target, by when\n\n## Risks and open questions\n\n- [ ] \n\n## Rollout\n\nMilestones, owners and dates.\n"},
	{BuiltinPrefix + "deep-dive", "Deep dive / root-cause analysis", "What happened, why, and what we change so it does not happen again.",
		"## Summary\n\nWhat happened, its impact, and the one-line root cause.\n\n## Impact\n\nWho was affected, for how long, and how badly.\n\n## Timeline\n\n| Time (UTC) | Event |\n|---|---|\n|  |  |\n\n## Root cause\n\nAsk why until the answer is something we can change. Blame systems, not people.\n\n## What went well\n\n- \n\n## What went wrong\n\n- \n\n## Actions\n\n| Action | Owner | Due |\n|---|---|---|\n|  |  |  |\n"},
	{BuiltinPrefix + "six-page-memo", "Six-page memo", "A narrative that makes the case in full sentences, read before the meeting.",
		"## Introduction\n\nThe question this memo answers and the recommendation, in a paragraph.\n\n## Background\n\nWhat a reader needs to know to follow the argument.\n\n## Tenets\n\nThe principles the recommendation follows, in order of priority.\n\n## The state of the business\n\nFacts and numbers, with sources.\n\n## Lessons learned\n\n## Strategic priorities\n\n## The proposal\n\n## FAQ\n\n**Q:** \n\n**A:** \n\n## Appendix\n"},
	{BuiltinPrefix + "meeting-pre-read", "Meeting pre-read", "Agenda, context and options, read before the meeting; decisions logged after.",
		"**Meeting:** \n**When:** \n**Decider:** \n\n## Agenda\n\n1. \n\n## Context\n\nWhy we are meeting. The pre-read, linked above this page, is what everyone reads first.\n\n## Options\n\n| Option | Pros | Cons |\n|---|---|---|\n|  |  |  |\n\n## Recommendation\n\n## Decision log\n\nDecisions are logged with **Log a decision** beside this page, each with who made it and when.\n"},
	{BuiltinPrefix + "playbook", "Playbook", "A repeatable procedure: when to use it, the steps, and how to know it worked.",
		"**Owner:** \n**Last reviewed:** \n\n## When to use this\n\n## Before you start\n\n- [ ] \n\n## Steps\n\n1. \n\n## How to know it worked\n\n## If something goes wrong\n\n## Related\n"},
	{BuiltinPrefix + "onboarding-checklist", "Onboarding checklist", "A new teammate's first weeks, step by step.",
		"**New teammate:** \n**Role:** \n**Buddy:** \n**Start date:** \n\n## Before day one\n\n- [ ] Accounts and devices ready\n- [ ] Buddy assigned\n\n## Week one\n\n- [ ] Read the Company Handbook\n- [ ] Meet the team, one written intro each\n- [ ] First small change shipped\n\n## First month\n\n- [ ] Own a first project\n- [ ] Write a first deep dive\n\n## Thirty-day check-in\n\nWhat went well, what was confusing, what to fix in this checklist.\n"},
	{BuiltinPrefix + "weekly-update", "Weekly update", "What moved this week, what is next, and what is in the way.",
		"**Week of:** \n\n## Highlights\n\n- \n\n## Progress on goals\n\n| Goal | Status | Note |\n|---|---|---|\n|  | on track |  |\n\n## Next week\n\n- \n\n## Blockers and asks\n\n- \n"},
}

package slack

import (
	"regexp"
	"strings"
)

// names resolves the IDs Slack's text refers to.
type names struct {
	user    func(id string) string // "" when unknown
	channel func(id string) string
}

var (
	angle    = regexp.MustCompile(`<([^<>\n]{1,1000})>`)
	bold     = regexp.MustCompile(`(^|[\s(>~_])\*([^*\n]+?)\*($|[\s).,;:!?~_])`)
	italic   = regexp.MustCompile(`(^|[\s(>*~])_([^_\n]+?)_($|[\s).,;:!?*~])`)
	strike   = regexp.MustCompile(`(^|[\s(>*_])~([^~\n]+?)~($|[\s).,;:!?*_])`)
	entities = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")
)

// markdown converts Slack's mrkdwn (a message's text) to Markdown:
// <@U…> mentions, <#C…> channels, <!here>, <url|text> links, *bold*,
// _italic_ and ~strike~; code spans and blocks are left as they are.
func (n names) markdown(text string) string {
	var out strings.Builder
	parts := strings.Split(text, "```")
	for i, part := range parts {
		if i > 0 {
			out.WriteString("```")
		}
		if i%2 == 1 { // inside a code block: only the entities
			if !strings.HasPrefix(part, "\n") {
				part = "\n" + part
			}
			if !strings.HasSuffix(part, "\n") {
				part += "\n"
			}
			out.WriteString(entities.Replace(part))
			continue
		}
		spans := strings.Split(part, "`")
		for j, s := range spans {
			if j > 0 {
				out.WriteString("`")
			}
			if j%2 == 1 && j < len(spans)-1 {
				out.WriteString(entities.Replace(s))
				continue
			}
			out.WriteString(n.inline(s))
		}
	}
	return strings.TrimSpace(out.String())
}

func (n names) inline(s string) string {
	s = angle.ReplaceAllStringFunc(s, func(m string) string {
		inner := m[1 : len(m)-1]
		target, label, _ := strings.Cut(inner, "|")
		switch {
		case strings.HasPrefix(target, "@"):
			// A name in bold, not an @mention: years of old mentions
			// would fill their people's inboxes here.
			if name := n.user(target[1:]); name != "" {
				return "**" + name + "**"
			}
			if label != "" {
				return "**" + label + "**"
			}
			return "someone"
		case strings.HasPrefix(target, "#"):
			if label != "" {
				return "#" + label
			}
			if name := n.channel(target[1:]); name != "" {
				return "#" + name
			}
			return "#a-channel"
		case strings.HasPrefix(target, "!"):
			word, _, _ := strings.Cut(target[1:], "^")
			if label != "" {
				return label
			}
			return "@" + word
		case strings.HasPrefix(target, "http://") || strings.HasPrefix(target, "https://") || strings.HasPrefix(target, "mailto:"):
			url := entities.Replace(target)
			if label == "" {
				return "<" + url + ">"
			}
			return "[" + strings.NewReplacer("[", `\[`, "]", `\]`).Replace(entities.Replace(label)) + "](" + strings.ReplaceAll(url, ")", "%29") + ")"
		}
		return m
	})
	s = bold.ReplaceAllString(s, "$1**$2**$3")
	s = bold.ReplaceAllString(s, "$1**$2**$3") // "*a* *b*": the space between served the first
	s = italic.ReplaceAllString(s, "$1*$2*$3")
	s = strike.ReplaceAllString(s, "$1~~$2~~$3")
	return entities.Replace(s)
}

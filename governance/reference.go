package governance

import (
	"fmt"
	"strings"
)

// Reference returns the project view reference in Markdown: the variables
// every expression can use and the fields of each object type. It is
// generated from the same tables the CEL checker uses, so it cannot drift.
func Reference() string {
	var b strings.Builder
	b.WriteString("| Variable | Type | What |\n|---|---|---|\n")
	for _, v := range variables {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", v.name, v.typeDoc, v.doc)
	}
	for _, o := range []*objType{projectType, statusType, riskType, issueType, actionType, decisionType,
		dependencyType, milestoneType, changeType, artefactType, approvalType, moneyType} {
		fmt.Fprintf(&b, "\n### %s\n\n%s\n\n| Field | Type | Notes |\n|---|---|---|\n", o.name, o.doc)
		for _, f := range o.fields {
			fmt.Fprintf(&b, "| `%s` | %s | %s |\n", f.name, f.typeDoc, f.doc)
		}
	}
	return b.String()
}

package web

import (
	"html/template"
	"net/http"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
)

// recordLinks says where the title of a RAID record or milestone links for
// the signed-in user. Editors go to the edit form. Readers (executives,
// team members) may not open it, and there is no read-only record page, so
// their link goes to the record's register on its project page, where they
// see it with the project's context; on that tab itself the title is text.
type recordLinks struct {
	// edit reports whether the user may edit the records of a project;
	// nil: of none (the CSV export, which shows no links).
	edit func(projectID int64) bool
	// tab is set when the table is the project's own register tab.
	tab bool
}

// href is the link of record id in collection path (as in /risks), of
// project projectID; "" for plain text.
func (l recordLinks) href(path string, id, projectID int64) string {
	if l.edit != nil && l.edit(projectID) {
		return "/" + path + "/" + itoa(id) + "/edit"
	}
	if l.tab {
		return ""
	}
	return "/projects/" + itoa(projectID) + "?tab=" + path
}

// listLinks are the record links of a list whose records sit in the
// projects that lookup finds; the may-edit answer is kept per project.
func listLinks(r *http.Request, lookup func(int64) *pmo.Project) recordLinks {
	seen := map[int64]bool{}
	return recordLinks{edit: func(id int64) bool {
		ok, done := seen[id]
		if !done {
			ok = mayEdit(r, lookup(id))
			seen[id] = ok
		}
		return ok
	}}
}

// mayEdit reports whether the signed-in user may edit project p's records
// and status: the check the guard makes for their edit and "new" forms
// (auth.Edit on the project, see recordTargets and projectScope).
func mayEdit(r *http.Request, p *pmo.Project) bool {
	if p == nil {
		return false
	}
	return may(r, auth.Edit, auth.Target{Portfolio: p.PortfolioID, Program: p.ProgramID, Project: p.ID})
}

// linkOrText is a link to href, or the text alone when href is empty.
func linkOrText(href, text string) template.HTML {
	if href == "" {
		return template.HTML(template.HTMLEscapeString(text))
	}
	return linkTo(href, text)
}

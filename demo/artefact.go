package demo

import (
	"hash/fnv"
	"slices"
	"strings"

	"github.com/pmohq/pmo"
)

// gateArtefacts are the artefact kinds the default framework's gates ask
// for, by the stage each gate leads from (governance/default.yaml), with
// a title and a document path as a PMO's intranet would hold them.
var gateArtefacts = []struct {
	from  pmo.Stage
	gate  string
	kinds [][2]string // kind, title
}{
	{pmo.Idea, "G0", [][2]string{{"mandate", "Project mandate"}}},
	{pmo.BusinessCase, "G1", [][2]string{{"outline_business_case", "Outline business case"}, {"options_appraisal", "Options appraisal"}}},
	{pmo.Approved, "G2", [][2]string{{"business_case", "Full business case"}, {"charter", "Project charter"}}},
	{pmo.Planning, "G3", [][2]string{{"project_plan", "Project management plan"}, {"schedule_baseline", "Schedule baseline"},
		{"resource_plan", "Resource plan"}}},
	{pmo.Execution, "G4", [][2]string{{"acceptance", "Acceptance certificate"}, {"operational_readiness", "Operational readiness review"},
		{"transition_plan", "Transition plan"}}},
	{pmo.Closure, "G5", [][2]string{{"closure_report", "Closure report"}, {"lessons_learned", "Lessons learned"}, {"handover", "Handover note"}}},
	{pmo.BenefitsReview, "G6", [][2]string{{"benefits_report", "Benefits realisation report"}}},
}

// Artefacts returns links to the documents stored projects would have by
// their stage: those of the gates already passed (about one in twelve
// missing, as in real portfolios) and, for the gate ahead, about four in
// ten already prepared. The choice hashes the project code and kind, so
// the same portfolio always gets the same artefacts. Projects need IDs.
func Artefacts(projects []*pmo.Project) []*pmo.Artefact {
	var out []*pmo.Artefact
	for _, p := range projects {
		stage := slices.Index(pmo.Stages, p.Stage)
		if stage < 0 {
			continue
		}
		for i, g := range gateArtefacts {
			passed := slices.Index(pmo.Stages, g.from) < stage
			ahead := g.from == p.Stage
			if !passed && !ahead {
				continue
			}
			for _, k := range g.kinds {
				roll := artefactRoll(p.Code, k[0])
				if passed && roll < 8 || ahead && roll >= 40 {
					continue
				}
				out = append(out, &pmo.Artefact{ProjectID: p.ID, Kind: k[0], Title: k[1] + " — " + p.Name, Gate: g.gate,
					URL:     "https://intranet.example/pmo/" + strings.ToLower(p.Code) + "/" + strings.ReplaceAll(k[0], "_", "-") + ".pdf",
					AddedBy: addedBy(p, i)})
			}
		}
	}
	return out
}

// artefactRoll is a stable number in [0, 100) for a project and a kind.
func artefactRoll(code, kind string) int {
	h := fnv.New32a()
	_, _ = h.Write([]byte(code + "/" + kind))
	return int(h.Sum32() % 100)
}

// addedBy is who provided an artefact: the sponsor for the early gates,
// the manager later.
func addedBy(p *pmo.Project, gate int) string {
	if gate < 2 && p.Sponsor != "" {
		return p.Sponsor
	}
	if p.Manager != "" {
		return p.Manager
	}
	return "PMO"
}

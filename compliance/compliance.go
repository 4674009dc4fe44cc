// Package compliance audits stored projects against a governance framework:
// it loads each project with its status and RAID records through the
// pmo service interfaces and hands them to the pure governance engine.
//
// It lives apart from package governance because it does I/O (through the
// services) and the engine must not.
package compliance

import (
	"context"
	"fmt"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/governance"
)

// Filter scopes an audit to all projects, one portfolio, one program or one project.
type Filter struct {
	PortfolioID int64
	ProgramID   int64
	ProjectID   int64
}

// Load reads every project in scope with its records, grouped per project,
// in a bounded number of paged queries (not one per project).
func Load(ctx context.Context, svc pmo.Services, f Filter) ([]governance.ProjectData, error) {
	portfolios, err := all(ctx, func(o pmo.ListOptions) ([]*pmo.Portfolio, pmo.Page, error) {
		return svc.FindPortfolios(ctx, pmo.PortfolioFilter{ListOptions: o})
	})
	if err != nil {
		return nil, fmt.Errorf("loading portfolios: %w", err)
	}
	programs, err := all(ctx, func(o pmo.ListOptions) ([]*pmo.Program, pmo.Page, error) {
		return svc.FindPrograms(ctx, pmo.ProgramFilter{PortfolioID: f.PortfolioID, ListOptions: o})
	})
	if err != nil {
		return nil, fmt.Errorf("loading programs: %w", err)
	}
	projects, err := all(ctx, func(o pmo.ListOptions) ([]*pmo.Project, pmo.Page, error) {
		pf := pmo.ProjectFilter{PortfolioID: f.PortfolioID, ProgramID: f.ProgramID, ListOptions: o}
		if f.ProjectID != 0 {
			pf.IDs = []int64{f.ProjectID}
		}
		return svc.FindProjects(ctx, pf)
	})
	if err != nil {
		return nil, fmt.Errorf("loading projects: %w", err)
	}

	portfolioCode := map[int64]string{}
	for _, p := range portfolios {
		portfolioCode[p.ID] = p.Code
	}
	programCode := map[int64]string{}
	for _, p := range programs {
		programCode[p.ID] = p.Code
	}
	out := make([]governance.ProjectData, len(projects))
	index := map[int64]*governance.ProjectData{}
	for i, p := range projects {
		out[i] = governance.ProjectData{Project: p, PortfolioCode: portfolioCode[p.PortfolioID], ProgramCode: programCode[p.ProgramID]}
		index[p.ID] = &out[i]
	}

	rf := pmo.RecordFilter{PortfolioID: f.PortfolioID, ProgramID: f.ProgramID, ProjectID: f.ProjectID}
	if err := loadRecords(ctx, svc.Risks(), rf, index, func(d *governance.ProjectData, r *pmo.Risk) { d.Risks = append(d.Risks, r) }); err != nil {
		return nil, fmt.Errorf("loading risks: %w", err)
	}
	if err := loadRecords(ctx, svc.Issues(), rf, index, func(d *governance.ProjectData, r *pmo.Issue) { d.Issues = append(d.Issues, r) }); err != nil {
		return nil, fmt.Errorf("loading issues: %w", err)
	}
	if err := loadRecords(ctx, svc.Actions(), rf, index, func(d *governance.ProjectData, r *pmo.Action) { d.Actions = append(d.Actions, r) }); err != nil {
		return nil, fmt.Errorf("loading actions: %w", err)
	}
	if err := loadRecords(ctx, svc.Decisions(), rf, index, func(d *governance.ProjectData, r *pmo.Decision) { d.Decisions = append(d.Decisions, r) }); err != nil {
		return nil, fmt.Errorf("loading decisions: %w", err)
	}
	if err := loadRecords(ctx, svc.Dependencies(), rf, index, func(d *governance.ProjectData, r *pmo.Dependency) {
		d.Dependencies = append(d.Dependencies, r)
	}); err != nil {
		return nil, fmt.Errorf("loading dependencies: %w", err)
	}
	if err := loadRecords(ctx, svc.Milestones(), rf, index, func(d *governance.ProjectData, r *pmo.Milestone) {
		d.Milestones = append(d.Milestones, r)
	}); err != nil {
		return nil, fmt.Errorf("loading milestones: %w", err)
	}
	changes, err := all(ctx, func(o pmo.ListOptions) ([]*pmo.ChangeRequest, pmo.Page, error) {
		o.Sort = "id"
		return svc.FindChangeRequests(ctx, pmo.ChangeFilter{PortfolioID: f.PortfolioID, ProgramID: f.ProgramID,
			ProjectID: f.ProjectID, ListOptions: o})
	})
	if err != nil {
		return nil, fmt.Errorf("loading change requests: %w", err)
	}
	for _, c := range changes {
		if d := index[c.ProjectID]; d != nil {
			d.Changes = append(d.Changes, c)
		}
	}
	if err := loadArtefacts(ctx, svc, f, index); err != nil {
		return nil, fmt.Errorf("loading artefacts: %w", err)
	}
	return out, nil
}

// loadArtefacts files each project's artefacts under it when svc stores
// artefacts too (the store does; a fake of pmo.Services alone need not):
// gate requirements such as `artefact: charter` count them.
func loadArtefacts(ctx context.Context, svc pmo.Services, f Filter, index map[int64]*governance.ProjectData) error {
	as, ok := svc.(pmo.ArtefactService)
	if !ok {
		return nil
	}
	arts, err := as.FindArtefacts(ctx, pmo.ArtefactFilter{PortfolioID: f.PortfolioID, ProgramID: f.ProgramID, ProjectID: f.ProjectID})
	if err != nil {
		return err
	}
	for _, a := range arts {
		d := index[a.ProjectID]
		if d == nil {
			continue
		}
		link := a.URL
		if a.IsFile() {
			link = a.FileName // a document reference: the uploaded file's name
		}
		d.Artefacts = append(d.Artefacts, governance.Artefact{Kind: a.Kind, Title: a.Title, Link: link, Gate: a.Gate,
			Added: pmo.DateOf(a.CreatedAt)})
	}
	return nil
}

// loadRecords pages through one record type and files each record under its project.
func loadRecords[T any](ctx context.Context, svc pmo.RecordService[T], f pmo.RecordFilter,
	index map[int64]*governance.ProjectData, add func(*governance.ProjectData, *T)) error {
	records, err := all(ctx, func(o pmo.ListOptions) ([]*T, pmo.Page, error) {
		f.ListOptions = o
		f.Sort = "id" // served by the primary key: each page is a range scan
		return svc.Find(ctx, f)
	})
	if err != nil {
		return err
	}
	for _, r := range records {
		if d := index[projectOf(r)]; d != nil {
			add(d, r)
		}
	}
	return nil
}

// projectOf returns the project a RAID record or milestone belongs to.
func projectOf(r any) int64 {
	switch v := r.(type) {
	case pmo.Record:
		return v.Base().ProjectID
	case *pmo.Milestone:
		return v.ProjectID
	}
	return 0
}

// all follows the cursor of a list to its end. Totals are skipped: only the
// rows matter here.
func all[T any](ctx context.Context, page func(pmo.ListOptions) ([]*T, pmo.Page, error)) ([]*T, error) {
	var out []*T
	o := pmo.ListOptions{Limit: pmo.MaxLimit, SkipTotal: true}
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		items, p, err := page(o)
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
		if p.NextCursor == "" {
			return out, nil
		}
		o.Cursor = p.NextCursor
	}
}

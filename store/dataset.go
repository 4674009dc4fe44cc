package store

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/pmohq/pmo"
)

// ImportDataset writes every record of d or none, in one transaction, with
// statements prepared once and reused across rows. IDs in d are local
// references (see pmo.Dataset); the stored records get new ids and d itself
// is left untouched. Invalid names the first bad record (e.g.
// "projects[12].code"), Conflict a code already stored. Status reports must
// come in period order per project; trends and current status are computed
// as they are loaded. Reports keep their SubmittedAt when set.
func (db *DB) ImportDataset(ctx context.Context, d *pmo.Dataset) error {
	return db.write(ctx, func(t *tx) error {
		im := &importer{t: t, portfolios: map[int64]int64{}, programs: map[int64]int64{}, projects: map[int64]int64{},
			defs: map[int64][]pmo.CustomFieldDef{}, programPortfolio: map[int64]int64{}, projectProgram: map[int64]int64{}}
		steps := []func(*pmo.Dataset) error{im.portfoliosAndPrograms, im.importProjects, im.statusReports,
			func(d *pmo.Dataset) error { return importRecords(im, "milestones", &milestoneSpec, d.Milestones, nil) },
			func(d *pmo.Dataset) error { return importRecords(im, "risks", &riskSpec, d.Risks, nil) },
			func(d *pmo.Dataset) error { return importRecords(im, "issues", &issueSpec, d.Issues, nil) },
			func(d *pmo.Dataset) error { return importRecords(im, "actions", &actionSpec, d.Actions, nil) },
			func(d *pmo.Dataset) error { return importRecords(im, "decisions", &decisionSpec, d.Decisions, nil) },
			func(d *pmo.Dataset) error {
				return importRecords(im, "dependencies", &dependencySpec, d.Dependencies, func(r *pmo.Dependency) (string, bool) {
					id, ok := im.projects[r.ToProjectID]
					r.ToProjectID = id
					return "to_project_id", ok
				})
			},
			im.changeRequests,
			im.intake,    // store/intake_import.go
			im.schedules, // store/dataset_schedule.go
		}
		for _, step := range steps {
			if err := step(d); err != nil {
				return err
			}
		}
		// One record for the whole import: its counts, not every row.
		return t.audit("dataset", 0, 0, pmo.AuditImport, nil, map[string]int{
			"portfolios": len(d.Portfolios), "programs": len(d.Programs), "projects": len(d.Projects),
			"status_reports": len(d.StatusReports), "milestones": len(d.Milestones), "risks": len(d.Risks),
			"issues": len(d.Issues), "actions": len(d.Actions), "decisions": len(d.Decisions),
			"dependencies": len(d.Dependencies), "change_requests": len(d.ChangeRequests),
			"proposals": len(d.Proposals), "scoring_models": len(d.ScoringModels), "scores": len(d.Scores),
			"scenarios": len(d.Scenarios), "schedules": len(d.Schedules)})
	})
}

// importer maps the local ids of a dataset to stored ones.
type importer struct {
	t                    *tx
	portfolios, programs map[int64]int64 // local id -> stored id
	projects             map[int64]int64
	defs                 map[int64][]pmo.CustomFieldDef // stored portfolio id -> custom fields
	programPortfolio     map[int64]int64                // stored program id -> stored portfolio id
	projectProgram       map[int64]int64                // stored project id -> stored program id (0: none)
}

// recordErr prefixes the fields of err with the record's place in the
// dataset, e.g. "projects[12].", after mapping driver errors.
func (im *importer) recordErr(name string, i int, err error) error {
	err = im.t.db.mapError(err)
	prefix := fmt.Sprintf("%s[%d]", name, i)
	var e *pmo.Error
	if !errors.As(err, &e) {
		return fmt.Errorf("import %s: %w", prefix, err)
	}
	out := &pmo.Error{Kind: e.Kind, Message: prefix + ": " + e.Message}
	for _, f := range e.Fields {
		out.Fields = append(out.Fields, pmo.FieldError{Field: prefix + "." + f.Field, Detail: f.Detail})
	}
	if len(out.Fields) == 0 {
		out.Fields = []pmo.FieldError{{Field: prefix, Detail: e.Message}}
	}
	return out
}

func (im *importer) refErr(name string, i int, field string, local int64) error {
	return im.recordErr(name, i, pmo.FieldErr(field, "refers to no %s of the dataset (%d)", field, local))
}

func (im *importer) portfoliosAndPrograms(d *pmo.Dataset) error {
	for i, in := range d.Portfolios {
		p := *in
		if err := p.Prepare(); err != nil {
			return im.recordErr("portfolios", i, err)
		}
		if err := im.t.createPortfolio(&p); err != nil {
			return im.recordErr("portfolios", i, err)
		}
		im.portfolios[in.ID], im.defs[p.ID] = p.ID, p.CustomFields
	}
	for i, in := range d.Programs {
		p := *in
		if err := p.Prepare(); err != nil {
			return im.recordErr("programs", i, err)
		}
		var ok bool
		if p.PortfolioID, ok = im.portfolios[in.PortfolioID]; !ok {
			return im.refErr("programs", i, "portfolio_id", in.PortfolioID)
		}
		if err := im.t.createProgram(&p); err != nil {
			return im.recordErr("programs", i, err)
		}
		im.programs[in.ID], im.programPortfolio[p.ID] = p.ID, p.PortfolioID
	}
	return nil
}

func (im *importer) importProjects(d *pmo.Dataset) error {
	stmt, err := im.t.prepare(projectInsert + " RETURNING id")
	if err != nil {
		return err
	}
	defer stmt.Close()
	tagStmt, err := im.t.prepare("INSERT INTO project_tags (project_id, tag) VALUES (?, ?)")
	if err != nil {
		return err
	}
	defer tagStmt.Close()
	now := timeArg(im.t.now)
	for i, in := range d.Projects {
		p := *in
		p.Tags, p.CustomFields = slices.Clone(in.Tags), cloneMap(in.CustomFields)
		if err := p.Prepare(); err != nil {
			return im.recordErr("projects", i, err)
		}
		slices.Sort(p.Tags)
		var ok bool
		if p.PortfolioID, ok = im.portfolios[in.PortfolioID]; !ok {
			return im.refErr("projects", i, "portfolio_id", in.PortfolioID)
		}
		if in.ProgramID != 0 {
			if p.ProgramID, ok = im.programs[in.ProgramID]; !ok {
				return im.refErr("projects", i, "program_id", in.ProgramID)
			}
			if im.programPortfolio[p.ProgramID] != p.PortfolioID {
				return im.recordErr("projects", i, pmo.FieldErr("program_id", "belongs to another portfolio"))
			}
		}
		if err := pmo.CheckCustomFields(im.defs[p.PortfolioID], p.CustomFields); err != nil {
			return im.recordErr("projects", i, err)
		}
		args, err := projectArgs(&p)
		if err != nil {
			return err
		}
		var id int64
		if err := stmt.QueryRowContext(im.t.ctx, append(args, now, now)...).Scan(&id); err != nil {
			return im.recordErr("projects", i, err)
		}
		for _, tag := range p.Tags {
			if _, err := tagStmt.ExecContext(im.t.ctx, id, tag); err != nil {
				return im.recordErr("projects", i, err)
			}
		}
		im.projects[in.ID], im.projectProgram[id] = id, p.ProgramID
	}
	return nil
}

func cloneMap(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// statusReports loads revision 1 of each report, with trends against the
// project's previous report, then sets each project's current status.
func (im *importer) statusReports(d *pmo.Dataset) error {
	stmt, err := im.t.prepare(statusInsert)
	if err != nil {
		return err
	}
	defer stmt.Close()
	plain, err := newBatcher(im.t, statusInsertHead, statusTuple)
	if err != nil {
		return err
	}
	defer plain.close()
	lastOf := map[int64]int{} // local project id -> index of its last report
	for i, r := range d.StatusReports {
		lastOf[r.ProjectID] = i
	}
	last := map[int64]*pmo.StatusReport{} // stored project id -> latest report
	var order []int64
	for i, in := range d.StatusReports {
		r := *in
		if err := r.Prepare(); err != nil {
			return im.recordErr("status_reports", i, err)
		}
		var ok bool
		if r.ProjectID, ok = im.projects[in.ProjectID]; !ok {
			return im.refErr("status_reports", i, "project_id", in.ProjectID)
		}
		prev := last[r.ProjectID]
		if prev != nil && !prev.Period.Start.Before(r.Period.Start) {
			return im.recordErr("status_reports", i, pmo.FieldErr("period", "must come after the project's previous report (%s)", prev.Period))
		}
		r.Revision = 1
		r.SetTrends(prev)
		if r.SubmittedAt.IsZero() {
			r.SubmittedAt = im.t.now
		}
		// Only each project's last report needs its id, for the current status.
		if lastOf[in.ProjectID] == i {
			err = stmt.QueryRowContext(im.t.ctx, statusArgs(&r)...).Scan(&r.ID)
		} else {
			err = plain.add(statusArgs(&r))
		}
		if err != nil {
			return im.recordErr("status_reports", i, err)
		}
		if prev == nil {
			order = append(order, r.ProjectID)
		}
		last[r.ProjectID] = &r
	}
	if err := plain.flush(); err != nil {
		return fmt.Errorf("import status_reports: %w", err)
	}
	cur, err := im.t.prepare(currentUpsert)
	if err != nil {
		return err
	}
	defer cur.Close()
	for _, id := range order {
		if _, err := cur.ExecContext(im.t.ctx, currentArgs(last[id])...); err != nil {
			return err
		}
	}
	return nil
}

// importRecords loads one record type through one prepared statement,
// remapping project_id and, with remap, further references (remap returns
// the field name and whether the reference was found).
func importRecords[T any](im *importer, name string, spec *recordSpec[T], items []*T, remap func(*T) (string, bool)) error {
	if len(items) == 0 {
		return nil
	}
	head, tuple := spec.insertParts()
	rows, err := newBatcher(im.t, head, tuple)
	if err != nil {
		return err
	}
	defer rows.close()
	for i, in := range items {
		r := *in
		if err := spec.prepare(&r); err != nil {
			return im.recordErr(name, i, err)
		}
		h := spec.head(&r)
		local := *h.ProjectID
		var ok bool
		if *h.ProjectID, ok = im.projects[local]; !ok {
			return im.refErr(name, i, "project_id", local)
		}
		if spec.entry != nil && spec.entry(&r).Level == pmo.ProgramLevel && im.projectProgram[*h.ProjectID] == 0 {
			return im.recordErr(name, i, pmo.FieldErr("level", "cannot escalate to program: the project is not in a program"))
		}
		if remap != nil {
			if field, ok := remap(&r); !ok {
				return im.recordErr(name, i, pmo.FieldErr(field, "refers to no project of the dataset"))
			}
		}
		// The import needs no ids of these records: batches, no RETURNING.
		now := timeArg(im.t.now)
		if err := rows.add(append(spec.args(&r), 1, now, now)); err != nil {
			return im.recordErr(name, i, err)
		}
	}
	if err := rows.flush(); err != nil {
		return fmt.Errorf("import %s: %w", name, err)
	}
	return nil
}

// changeRequests loads change requests with their history, which must be a
// valid walk of the workflow from draft ending in the request's state.
func (im *importer) changeRequests(d *pmo.Dataset) error {
	for i, in := range d.ChangeRequests {
		c := *in
		if err := c.Prepare(); err != nil {
			return im.recordErr("change_requests", i, err)
		}
		var ok bool
		if c.ProjectID, ok = im.projects[in.ProjectID]; !ok {
			return im.refErr("change_requests", i, "project_id", in.ProjectID)
		}
		state := pmo.ChangeDraft
		for j, e := range in.History {
			if e.From != state || !pmo.CanTransition(e.From, e.To) {
				return im.recordErr("change_requests", i, pmo.FieldErr(fmt.Sprintf("history[%d]", j),
					"cannot move from %s to %s after %s", e.From, e.To, state))
			}
			state = e.To
		}
		if c.State != state {
			return im.recordErr("change_requests", i, pmo.FieldErr("state", "must be %s, the state the history ends in", state))
		}
		if err := im.t.insertChange(&c); err != nil {
			return im.recordErr("change_requests", i, err)
		}
		for _, e := range in.History {
			if e.At.IsZero() {
				e.At = im.t.now
			}
			if err := im.t.insertEvent(c.ID, e); err != nil {
				return im.recordErr("change_requests", i, err)
			}
		}
	}
	return nil
}

package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
)

// formDef is the create and edit pages of one record type.
type formDef struct {
	name, path                        string
	newForm, create, editForm, update handlerFunc
}

// recordForm serves the forms of one record type T over its service.
type recordForm[T any] struct {
	s          *Server
	name, path string // "risk", "risks"
	svc        pmo.RecordService[T]
	keys       func(*T) (id, projectID *int64, version *int)
	// fields defines the inputs, given the project (for its currency) and
	// the context (to resolve references such as a provider project).
	fields  func(ctx context.Context, p *pmo.Project, pf *pmo.Portfolio) []fieldDef[T]
	aliases map[string]string // domain field -> input name
	// after is where a successful save goes; default the project's tab.
	after func(*T) string
	// init prepares a new record (defaults) before the form is shown.
	init func(*T)
}

func (f recordForm[T]) def() formDef {
	return formDef{name: f.name, path: f.path, newForm: f.newPage, create: f.createPost, editForm: f.editPage, update: f.updatePost}
}

func (f recordForm[T]) redirectTo(x *T) string {
	if f.after != nil {
		return f.after(x)
	}
	_, pid, _ := f.keys(x)
	return "/projects/" + itoa(*pid) + "?tab=" + f.path + "&saved=" + f.name
}

// page builds the form page around the rendered fields.
func (f recordForm[T]) page(r *http.Request, p *pmo.Project, action, heading string, fields []formField, version int) *formPage {
	d := &formPage{basePage: f.s.base(r, heading, f.path), Heading: heading, Action: action,
		Cancel: "/projects/" + itoa(p.ID) + "?tab=" + f.path, Submit: "Save " + f.name, Project: p, Fields: fields, Version: version}
	if !mayReadProject(r, p) {
		// A requester raises a change on a project it may not open: no
		// links into it, cancelling goes back to the account page.
		d.Unreadable, d.Cancel = true, "/account"
	}
	return d
}

// mayReadProject reports whether the signed-in user may open project p.
func mayReadProject(r *http.Request, p *pmo.Project) bool {
	return may(r, auth.Read, auth.Target{Portfolio: p.PortfolioID, Program: p.ProgramID, Project: p.ID})
}

func (f recordForm[T]) newPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, pf, err := f.s.projectFor(r.Context(), id)
	if err != nil {
		return err
	}
	x := new(T)
	if f.init != nil {
		f.init(x)
	}
	defs := f.fields(r.Context(), p, pf)
	d := f.page(r, p, "/projects/"+itoa(p.ID)+"/"+f.path, "New "+f.name, renderFields(defs, valuesOf(defs, x), nil), 0)
	return f.s.render(w, http.StatusOK, "form.html", d)
}

func (f recordForm[T]) createPost(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	vals, err := readForm(r)
	if err != nil {
		return err
	}
	p, pf, err := f.s.projectFor(r.Context(), id)
	if err != nil {
		return err
	}
	defs := f.fields(r.Context(), p, pf)
	x := new(T)
	errs := applyForm(defs, x, vals)
	_, pid, _ := f.keys(x)
	*pid = p.ID
	d := f.page(r, p, "/projects/"+itoa(p.ID)+"/"+f.path, "New "+f.name, nil, 0)
	if len(errs) == 0 {
		err = f.svc.Create(r.Context(), x)
		if err == nil && d.Unreadable {
			// The usual page after saving would answer 403; the account
			// page lists the requester's projects, with the same flash.
			saved := ""
			if u, perr := url.Parse(f.redirectTo(x)); perr == nil {
				saved = u.Query().Get("saved")
			}
			return redirect(w, r, "/account?saved="+url.QueryEscape(saved))
		}
		if err == nil {
			return redirect(w, r, f.redirectTo(x))
		}
	} else {
		err = prepare(x) // the other fields' problems too, all at once
	}
	return f.refuse(w, d, defs, vals, errs, err, nil)
}

// prepare validates x when T has a Prepare method.
func prepare(x any) error {
	if v, ok := x.(interface{ Prepare() error }); ok {
		return v.Prepare()
	}
	return nil
}

// refuse re-renders a form with the user's input and every error next to
// its field: 422 for invalid input, 409 for a stale edit, whose current
// saved values (current) are shown beside the fields that differ.
func (f recordForm[T]) refuse(w http.ResponseWriter, d *formPage, defs []fieldDef[T], vals formValues, errs map[string]string, err error, current *T) error {
	status := http.StatusUnprocessableEntity
	names := map[string]bool{}
	for _, def := range defs {
		names[def.Name] = true
	}
	switch pmo.ErrorKind(err) {
	case "", pmo.Invalid:
		if err != nil {
			d.Errors = fieldErrors(err, names, f.aliases, errs)
		}
	case pmo.Conflict:
		status = http.StatusConflict
		d.Errors = fieldErrors(err, names, f.aliases, errs)
	case pmo.Stale:
		status = http.StatusConflict
		d.Stale = "Someone else saved this " + f.name + " while you were editing it. Your changes are still in the form; " +
			"the values they saved are shown under each field that differs. Review them, then save again to keep your version."
	default:
		return err
	}
	d.Fields = renderFields(defs, vals, errs)
	if current != nil {
		cur := valuesOf(defs, current)
		for i := range d.Fields {
			if c := cur[d.Fields[i].Name]; c != d.Fields[i].Value {
				d.Fields[i].Current = c
				if c == "" {
					d.Fields[i].Current = "(empty)"
				}
			}
		}
		_, _, v := f.keys(current)
		d.Version = *v
	}
	return f.s.render(w, status, "form.html", d)
}

func (f recordForm[T]) load(r *http.Request) (*T, *pmo.Project, *pmo.Portfolio, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, nil, nil, err
	}
	x, err := f.svc.FindByID(r.Context(), id)
	if err != nil {
		return nil, nil, nil, err
	}
	_, pid, _ := f.keys(x)
	p, pf, err := f.s.projectFor(r.Context(), *pid)
	return x, p, pf, err
}

func (f recordForm[T]) editPage(w http.ResponseWriter, r *http.Request) error {
	x, p, pf, err := f.load(r)
	if err != nil {
		return err
	}
	id, _, version := f.keys(x)
	defs := f.fields(r.Context(), p, pf)
	d := f.page(r, p, "/"+f.path+"/"+itoa(*id), "Edit "+f.name, renderFields(defs, valuesOf(defs, x), nil), *version)
	return f.s.render(w, http.StatusOK, "form.html", d)
}

func (f recordForm[T]) updatePost(w http.ResponseWriter, r *http.Request) error {
	vals, err := readForm(r)
	if err != nil {
		return err
	}
	cur, p, pf, err := f.load(r)
	if err != nil {
		return err
	}
	id, _, _ := f.keys(cur)
	version, verr := strconv.Atoi(vals["version"])
	if verr != nil || version < 1 {
		return badRequest("the form lacks the version it edits; reload the page", fieldError("version", "is required"))
	}
	defs := f.fields(r.Context(), p, pf)
	x := new(T)
	*x = *cur
	errs := applyForm(defs, x, vals)
	_, _, v := f.keys(x)
	*v = version
	d := f.page(r, p, "/"+f.path+"/"+itoa(*id), "Edit "+f.name, nil, version)
	if len(errs) > 0 {
		return f.refuse(w, d, defs, vals, errs, prepare(x), nil)
	}
	err = f.svc.Update(r.Context(), x)
	if err == nil {
		return redirect(w, r, f.redirectTo(x))
	}
	if pmo.ErrorKind(err) == pmo.Stale {
		return f.refuse(w, d, defs, vals, errs, err, cur)
	}
	return f.refuse(w, d, defs, vals, errs, err, nil)
}

// forms returns the editing forms of every record type.
func (s *Server) forms() []formDef {
	return []formDef{
		recordForm[pmo.Risk]{s: s, name: "risk", path: "risks", svc: s.svc.Risks(), fields: riskFields,
			keys: func(x *pmo.Risk) (*int64, *int64, *int) { return &x.ID, &x.ProjectID, &x.Version },
			init: func(x *pmo.Risk) { x.Status, x.Kind = "open", "threat" }}.def(),
		recordForm[pmo.Issue]{s: s, name: "issue", path: "issues", svc: s.svc.Issues(), fields: issueFields,
			keys: func(x *pmo.Issue) (*int64, *int64, *int) { return &x.ID, &x.ProjectID, &x.Version },
			init: func(x *pmo.Issue) { x.Status, x.Severity = "open", "medium" }}.def(),
		recordForm[pmo.Action]{s: s, name: "action", path: "actions", svc: s.svc.Actions(), fields: actionFields,
			keys: func(x *pmo.Action) (*int64, *int64, *int) { return &x.ID, &x.ProjectID, &x.Version },
			init: func(x *pmo.Action) { x.Status, x.Category = "open", "general" }}.def(),
		recordForm[pmo.Decision]{s: s, name: "decision", path: "decisions", svc: s.svc.Decisions(), fields: decisionFields,
			keys: func(x *pmo.Decision) (*int64, *int64, *int) { return &x.ID, &x.ProjectID, &x.Version },
			init: func(x *pmo.Decision) { x.Status = "pending" }}.def(),
		recordForm[pmo.Dependency]{s: s, name: "dependency", path: "dependencies", svc: s.svc.Dependencies(),
			fields:  s.dependencyFields,
			aliases: map[string]string{"to_project_id": "to_project"},
			keys:    func(x *pmo.Dependency) (*int64, *int64, *int) { return &x.ID, &x.ProjectID, &x.Version },
			init:    func(x *pmo.Dependency) { x.Status = "open" }}.def(),
		recordForm[pmo.Milestone]{s: s, name: "milestone", path: "milestones", svc: s.svc.Milestones(), fields: milestoneFields,
			keys: func(x *pmo.Milestone) (*int64, *int64, *int) { return &x.ID, &x.ProjectID, &x.Version }}.def(),
		recordForm[pmo.ChangeRequest]{s: s, name: "change request", path: "changes", svc: changeRecords{s.svc},
			fields: changeFields,
			keys:   func(x *pmo.ChangeRequest) (*int64, *int64, *int) { return &x.ID, &x.ProjectID, &x.Version },
			after:  func(x *pmo.ChangeRequest) string { return "/changes/" + itoa(x.ID) + "?saved=change" },
			init:   func(x *pmo.ChangeRequest) { x.Priority = 3 }}.def(),
	}
}

// entryFields are the inputs every RAID record has.
func entryFields[T any](e func(*T) *pmo.Entry, statuses []string) []fieldDef[T] {
	title := textField("title", "Title", func(x *T) *string { return &e(x).Title })
	title.Required = true
	return []fieldDef[T]{
		title,
		areaField("description", "Description", func(x *T) *string { return &e(x).Description }),
		textField("owner", "Owner", func(x *T) *string { return &e(x).Owner }),
		selectField("status", "Status", statuses, func(x *T) *string { return &e(x).Status }),
		withHelp(enumField("level", "Managed at", []pmo.Level{pmo.ProjectLevel, pmo.ProgramLevel, pmo.PortfolioLevel},
			func(x *T) *pmo.Level { return &e(x).Level }), "Escalate to the program or portfolio when it needs a decision above the project."),
	}
}

func withHelp[T any](f fieldDef[T], help string) fieldDef[T] {
	f.Help = help
	return f
}

func riskFields(_ context.Context, p *pmo.Project, pf *pmo.Portfolio) []fieldDef[pmo.Risk] {
	e := func(x *pmo.Risk) *pmo.Entry { return &x.Entry }
	return append(entryFields(e, pmo.RiskStatuses),
		selectField("kind", "Kind", []string{"threat", "opportunity"}, func(x *pmo.Risk) *string { return &x.Kind }),
		textField("category", "Category", func(x *pmo.Risk) *string { return &x.Category }),
		intField("probability", "Probability", probabilityOptions, func(x *pmo.Risk) *int { return &x.Probability }),
		intField("impact", "Impact (worst dimension)", impactOptions, func(x *pmo.Risk) *int { return &x.Impact }),
		moneyField("cost_impact", "Cost if it happens", currencyOf(p, pf), func(x *pmo.Risk) *pmo.Money { return &x.CostImpact }),
		selectField("response", "Response", append([]string{""}, pmo.RiskResponses...), func(x *pmo.Risk) *string { return &x.Response }),
		areaField("response_plan", "Response plan", func(x *pmo.Risk) *string { return &x.ResponsePlan }),
		dateField("review_date", "Next review", func(x *pmo.Risk) *pmo.Date { return &x.ReviewDate }),
	)
}

func issueFields(_ context.Context, _ *pmo.Project, _ *pmo.Portfolio) []fieldDef[pmo.Issue] {
	e := func(x *pmo.Issue) *pmo.Entry { return &x.Entry }
	return append(entryFields(e, pmo.IssueStatuses),
		selectField("type", "Type", pmo.IssueTypes, func(x *pmo.Issue) *string { return &x.Type }),
		selectField("severity", "Severity", pmo.IssueSeverities, func(x *pmo.Issue) *string { return &x.Severity }),
		dateField("due", "Due", func(x *pmo.Issue) *pmo.Date { return &x.Due }),
		areaField("resolution", "Resolution", func(x *pmo.Issue) *string { return &x.Resolution }),
	)
}

func actionFields(_ context.Context, _ *pmo.Project, _ *pmo.Portfolio) []fieldDef[pmo.Action] {
	e := func(x *pmo.Action) *pmo.Entry { return &x.Entry }
	return append(entryFields(e, pmo.ActionStatuses),
		textField("category", "Category", func(x *pmo.Action) *string { return &x.Category }),
		dateField("due", "Due", func(x *pmo.Action) *pmo.Date { return &x.Due }),
	)
}

func decisionFields(_ context.Context, _ *pmo.Project, _ *pmo.Portfolio) []fieldDef[pmo.Decision] {
	e := func(x *pmo.Decision) *pmo.Entry { return &x.Entry }
	return append(entryFields(e, pmo.DecisionStatuses),
		dateField("needed_by", "Needed by", func(x *pmo.Decision) *pmo.Date { return &x.NeededBy }),
		textField("forum", "Forum", func(x *pmo.Decision) *string { return &x.Forum }),
		textField("decided_by", "Decided by", func(x *pmo.Decision) *string { return &x.DecidedBy }),
		dateField("decided_on", "Decided on", func(x *pmo.Decision) *pmo.Date { return &x.DecidedOn }),
		areaField("rationale", "Rationale", func(x *pmo.Decision) *string { return &x.Rationale }),
		areaField("evidence", "Evidence", func(x *pmo.Decision) *string { return &x.Evidence }),
	)
}

// dependencyFields name the providing project by its code.
func (s *Server) dependencyFields(ctx context.Context, _ *pmo.Project, _ *pmo.Portfolio) []fieldDef[pmo.Dependency] {
	e := func(x *pmo.Dependency) *pmo.Entry { return &x.Entry }
	provider := fieldDef[pmo.Dependency]{
		formField: formField{Name: "to_project", Label: "Providing project (code)", Kind: "text", Required: true,
			Help: "The project that delivers what this project needs."},
		get: func(x *pmo.Dependency) string {
			if x.ToProjectID == 0 {
				return ""
			}
			if p, err := s.svc.FindProjectByID(ctx, x.ToProjectID); err == nil {
				return p.Code
			}
			return ""
		},
		set: func(x *pmo.Dependency, v string) error {
			if v == "" {
				x.ToProjectID = 0
				return nil
			}
			p, err := s.svc.FindProjectByCode(ctx, v)
			if err != nil {
				if pmo.ErrorKind(err) == pmo.NotFound {
					return pmo.Errorf(pmo.Invalid, "no project has the code %s", v)
				}
				return err
			}
			x.ToProjectID = p.ID
			return nil
		},
	}
	return append(entryFields(e, pmo.DependencyStatuses), provider,
		textField("deliverable", "Deliverable", func(x *pmo.Dependency) *string { return &x.Deliverable }),
		dateField("need_by", "Needed by", func(x *pmo.Dependency) *pmo.Date { return &x.NeedBy }),
		dateField("committed", "Committed date", func(x *pmo.Dependency) *pmo.Date { return &x.Committed }),
	)
}

func milestoneFields(_ context.Context, _ *pmo.Project, _ *pmo.Portfolio) []fieldDef[pmo.Milestone] {
	name := textField("name", "Name", func(x *pmo.Milestone) *string { return &x.Name })
	name.Required = true
	return []fieldDef[pmo.Milestone]{
		name,
		areaField("description", "Description", func(x *pmo.Milestone) *string { return &x.Description }),
		boolField("key", "Key milestone (missing it turns schedule red)", func(x *pmo.Milestone) *bool { return &x.Key }),
		dateField("baseline", "Baseline", func(x *pmo.Milestone) *pmo.Date { return &x.Baseline }),
		dateField("forecast", "Forecast", func(x *pmo.Milestone) *pmo.Date { return &x.Forecast }),
		dateField("actual", "Achieved on", func(x *pmo.Milestone) *pmo.Date { return &x.Actual }),
	}
}

func changeFields(_ context.Context, p *pmo.Project, pf *pmo.Portfolio) []fieldDef[pmo.ChangeRequest] {
	title := textField("title", "Title", func(x *pmo.ChangeRequest) *string { return &x.Title })
	title.Required = true
	by := textField("requested_by", "Requested by", func(x *pmo.ChangeRequest) *string { return &x.RequestedBy })
	by.Required = true
	return []fieldDef[pmo.ChangeRequest]{
		title,
		areaField("description", "Description", func(x *pmo.ChangeRequest) *string { return &x.Description }),
		areaField("justification", "Justification", func(x *pmo.ChangeRequest) *string { return &x.Justification }),
		by,
		intField("priority", "Priority", priorityOptions, func(x *pmo.ChangeRequest) *int { return &x.Priority }),
		withHelp(moneyField("cost_impact", "Cost impact", currencyOf(p, pf), func(x *pmo.ChangeRequest) *pmo.Money { return &x.CostImpact }),
			"Change to the budget; negative saves money."),
		withHelp(intField("schedule_impact_days", "Schedule impact (days)", nil, func(x *pmo.ChangeRequest) *int { return &x.ScheduleDays }),
			"Change to the finish date; negative brings it forward."),
		areaField("scope_impact", "Scope impact", func(x *pmo.ChangeRequest) *string { return &x.ScopeImpact }),
		areaField("benefits_impact", "Benefits impact", func(x *pmo.ChangeRequest) *string { return &x.BenefitsImpact }),
	}
}

// changeRecords adapts the change service to the record forms.
type changeRecords struct{ svc pmo.Services }

func (c changeRecords) FindByID(ctx context.Context, id int64) (*pmo.ChangeRequest, error) {
	return c.svc.FindChangeRequestByID(ctx, id)
}

func (c changeRecords) Find(ctx context.Context, f pmo.RecordFilter) ([]*pmo.ChangeRequest, pmo.Page, error) {
	return c.svc.FindChangeRequests(ctx, pmo.ChangeFilter{ProjectID: f.ProjectID, ListOptions: f.ListOptions})
}

func (c changeRecords) Create(ctx context.Context, x *pmo.ChangeRequest) error {
	return c.svc.CreateChangeRequest(ctx, x)
}

func (c changeRecords) Update(ctx context.Context, x *pmo.ChangeRequest) error {
	return c.svc.UpdateChangeRequest(ctx, x)
}

func (c changeRecords) Delete(ctx context.Context, id int64, version int) error {
	return c.svc.DeleteChangeRequest(ctx, id, version)
}

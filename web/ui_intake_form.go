package web

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
)

// proposalFormPage is the data of proposal_form.html: the intake form.
type proposalFormPage struct {
	basePage
	Portfolio *pmo.Portfolio
	Heading   string
	Action    string
	Cancel    string
	Version   int
	Sections  []formSection
	Errors    []string
	NPV       string // the NPV of the business case as entered, after a preview or an error
	CanSubmit bool   // a draft may be submitted with the same click
}

// formSection is a titled group of fields.
type formSection struct {
	Title, Help string
	Fields      []formField
}

// proposalForm holds the intake form's values by input name.
type proposalForm map[string]string

// proposalSections lays out the form with values v and errors errs.
func proposalSections(v proposalForm, errs map[string]string) []formSection {
	f := func(name, lbl, kind, help string, required bool, opts ...option) formField {
		return formField{Name: name, Label: lbl, Kind: kind, Help: help, Required: required, Options: opts, Value: v[name], Error: errs[name]}
	}
	var cats, kinds, align, risk []option
	for _, c := range pmo.Categories {
		cats = append(cats, option{Value: string(c), Label: label(string(c))})
	}
	for _, k := range []pmo.PeriodKind{pmo.Quarter, pmo.Month, pmo.Week} {
		kinds = append(kinds, option{Value: string(k), Label: label(string(k)) + "s"})
	}
	for i := 0; i <= 5; i++ {
		align = append(align, option{Value: strconv.Itoa(i), Label: strconv.Itoa(i)})
		if i > 0 {
			risk = append(risk, option{Value: strconv.Itoa(i), Label: strconv.Itoa(i)})
		}
	}
	return []formSection{
		{Title: "The proposal", Fields: []formField{
			f("code", "Code", "text", "A short unique code, e.g. CRM-2027.", true),
			f("title", "Title", "text", "", true),
			f("description", "Problem or opportunity", "textarea", "", false),
			f("sponsor", "Sponsor", "text", "", false),
			f("category", "Category", "select", "", false, cats...),
			f("objectives", "Strategic objectives", "text", "Separated by commas.", false),
			f("alignment", "Strategic alignment", "select", "0 (none) to 5 (core to the strategy).", false, align...),
			f("risk", "Delivery risk", "select", "1 (low) to 5 (high).", false, risk...),
			f("mandatory", "Mandatory or regulatory: it must be funded", "checkbox", "", false),
			f("legal_basis", "Legal basis or commitment", "text", "Required when mandatory.", false),
		}},
		{Title: "Business case", Help: "Amounts per period after the start, in whole currency units, separated by commas or spaces: the first is the period the work starts in.", Fields: []formField{
			f("period_kind", "Planning period", "select", "", false, kinds...),
			f("currency", "Currency", "text", "ISO 4217, e.g. EUR.", true),
			f("capex", "Capital cost (capex) per period", "text", "e.g. 60000, 60000", false),
			f("opex", "Operating cost (opex) per period", "text", "", false),
			f("benefits", "Expected benefits per period", "text", "May run past the work's end.", false),
			f("discount_rate", "Discount rate", "text", "Yearly, in percent, e.g. 8 (the hurdle rate).", false),
			f("duration", "Duration in periods", "text", "Empty: the longest cost or demand profile.", false),
			f("demand", "Demand per role", "textarea", "One role a line: role, then FTE per period, e.g. Developer: 2, 2, 1", false),
		}},
		{Title: "Timing and links", Fields: []formField{
			f("earliest_start", "Earliest start", "text", "A period such as 2027-Q1, 2027-03 or 2027-W10; empty for open.", false),
			f("latest_start", "Latest start", "text", "", false),
			f("requires", "Needs these proposals", "text", "Codes, separated by commas: they must be funded too.", false),
			f("after", "Starts after these proposals finish", "text", "Codes: they must be funded and end first.", false),
			f("projects", "Needs these projects", "text", "Project codes: existing work it builds on.", false),
			f("excludes", "Alternatives to", "text", "Codes of proposals of which at most one is funded.", false),
		}},
	}
}

// proposalValues are the form values of an existing proposal.
func (s *Server) proposalValues(ctx context.Context, p *pmo.Proposal) proposalForm {
	c := &p.Case
	v := proposalForm{"code": p.Code, "title": p.Title, "description": p.Description, "sponsor": p.Sponsor,
		"category": string(p.Category), "objectives": strings.Join(p.Objectives, ", "), "alignment": strconv.Itoa(p.Alignment),
		"risk": strconv.Itoa(p.Risk), "legal_basis": p.LegalBasis, "period_kind": string(c.PeriodKind), "currency": c.Currency,
		"capex": majors(c.Capex), "opex": majors(c.Opex), "benefits": majors(c.Benefits),
		"discount_rate": strconv.FormatFloat(c.DiscountRate*100, 'f', -1, 64)}
	if p.Mandatory {
		v["mandatory"] = "on"
	}
	if c.Duration > 0 {
		v["duration"] = strconv.Itoa(c.Duration)
	}
	if !p.EarliestStart.IsZero() {
		v["earliest_start"] = p.EarliestStart.String()
	}
	if !p.LatestStart.IsZero() {
		v["latest_start"] = p.LatestStart.String()
	}
	v["demand"] = formatRoleLines(c.Demand)
	codes := func(ids []int64) string { return s.proposalCodes(ctx, ids) }
	var req, after, prj []int64
	for _, d := range p.Dependencies {
		switch {
		case d.ProjectID > 0:
			if x, err := s.svc.FindProjectByID(ctx, d.ProjectID); err == nil {
				prj = append(prj, x.ID)
				v["projects"] = strings.TrimPrefix(v["projects"]+", "+x.Code, ", ")
			}
		case d.FinishFirst:
			after = append(after, d.ProposalID)
		default:
			req = append(req, d.ProposalID)
		}
	}
	v["requires"], v["after"], v["excludes"] = codes(req), codes(after), codes(p.Excludes)
	return v
}

// majors writes minor-unit amounts as whole units.
func majors(xs []int64) string {
	var out []string
	for _, x := range xs {
		out = append(out, strconv.FormatFloat(float64(x)/100, 'f', -1, 64))
	}
	return strings.Join(out, ", ")
}

// splitList splits on commas, semicolons and white space.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\t' || r == '\n' || r == '\r' })
}

// parseProposal reads the form into p (keeping p's identity and state),
// putting errors of unreadable input beside their fields.
func (s *Server) parseProposal(ctx context.Context, v proposalForm, p *pmo.Proposal, errs map[string]string) {
	p.Code, p.Title, p.Description, p.Sponsor = v["code"], v["title"], v["description"], v["sponsor"]
	p.Category, p.Mandatory, p.LegalBasis = pmo.Category(v["category"]), v["mandatory"] != "", v["legal_basis"]
	p.Objectives = strings.Split(v["objectives"], ",")
	p.Alignment, _ = strconv.Atoi(v["alignment"])
	p.Risk, _ = strconv.Atoi(v["risk"])
	c := pmo.ProposalCase{Currency: strings.ToUpper(strings.TrimSpace(v["currency"])), PeriodKind: pmo.PeriodKind(v["period_kind"])}
	amounts := func(name string) []int64 {
		var out []int64
		for _, x := range splitList(v[name]) {
			f, err := strconv.ParseFloat(x, 64)
			if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
				errs[name] = fmt.Sprintf("%q is not an amount; write whole units such as 60000", x)
				return nil
			}
			out = append(out, int64(math.Round(f*100)))
		}
		return out
	}
	c.Capex, c.Opex, c.Benefits = amounts("capex"), amounts("opex"), amounts("benefits")
	if t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v["discount_rate"]), "%")); t != "" {
		r, err := strconv.ParseFloat(t, 64)
		if err != nil {
			errs["discount_rate"] = "must be a percentage such as 8"
		}
		c.DiscountRate = r / 100
	}
	if t := strings.TrimSpace(v["duration"]); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil {
			errs["duration"] = "must be a whole number of periods"
		}
		c.Duration = n
	}
	var bad int
	c.Demand, bad = parseRoleLines(v["demand"])
	if bad > 0 {
		errs["demand"] = fmt.Sprintf("line %d: write the role, a colon, then FTE per period, e.g. Developer: 2, 2, 1", bad)
	}
	p.Case = c
	for _, w := range []struct {
		name string
		into *pmo.Period
	}{{"earliest_start", &p.EarliestStart}, {"latest_start", &p.LatestStart}} {
		*w.into = pmo.Period{}
		if t := strings.TrimSpace(v[w.name]); t != "" {
			per, err := pmo.ParsePeriod(t)
			if err != nil {
				errs[w.name] = err.Error()
			}
			*w.into = per
		}
	}
	s.parseLinks(ctx, v, p, errs)
}

// parseLinks resolves the codes of dependencies and alternatives.
func (s *Server) parseLinks(ctx context.Context, v proposalForm, p *pmo.Proposal, errs map[string]string) {
	byCode := map[string]int64{}
	if ps, err := s.portfolioProposals(ctx, p.PortfolioID); err == nil {
		for _, o := range ps {
			byCode[strings.ToUpper(o.Code)] = o.ID
		}
	}
	ids := func(name string) []int64 {
		var out []int64
		for _, code := range splitList(v[name]) {
			id, ok := byCode[strings.ToUpper(code)]
			if !ok {
				errs[name] = fmt.Sprintf("no proposal %q in this portfolio", code)
				continue
			}
			out = append(out, id)
		}
		return out
	}
	p.Dependencies = []pmo.ProposalDependency{}
	for _, id := range ids("requires") {
		p.Dependencies = append(p.Dependencies, pmo.ProposalDependency{ProposalID: id})
	}
	for _, id := range ids("after") {
		p.Dependencies = append(p.Dependencies, pmo.ProposalDependency{ProposalID: id, FinishFirst: true})
	}
	for _, code := range splitList(v["projects"]) {
		prj, err := s.svc.FindProjectByCode(ctx, code)
		if err != nil {
			errs["projects"] = fmt.Sprintf("no project %q", code)
			continue
		}
		p.Dependencies = append(p.Dependencies, pmo.ProposalDependency{ProjectID: prj.ID})
	}
	p.Excludes = ids("excludes")
}

// proposalErrorField maps a domain field (business_case.capex[2],
// dependencies[0].proposal_id) to the form input that shows it.
func proposalErrorField(f string) string {
	f = strings.TrimPrefix(f, "business_case.")
	if i := strings.IndexAny(f, ".["); i > 0 {
		f = f[:i]
	}
	if f == "dependencies" {
		return "requires"
	}
	return f
}

// renderProposalForm shows the form with its values, errors and NPV.
func (s *Server) renderProposalForm(w http.ResponseWriter, r *http.Request, status int, pf *pmo.Portfolio, p *pmo.Proposal, v proposalForm, errs map[string]string, general []string) error {
	d := &proposalFormPage{basePage: s.base(r, "New proposal", "intake"), Portfolio: pf, Heading: "New proposal",
		Action: "/portfolios/" + itoa(pf.ID) + "/proposals", Cancel: "/portfolios/" + itoa(pf.ID) + "/intake",
		Errors: general, CanSubmit: true}
	if p.ID != 0 {
		d.Title, d.Heading = "Edit "+p.Code, "Edit "+p.Code+" "+p.Title
		d.Action, d.Cancel, d.Version = "/proposals/"+itoa(p.ID), "/proposals/"+itoa(p.ID), p.Version
		d.CanSubmit = p.State == pmo.ProposalDraft
	}
	if len(p.Case.Capex)+len(p.Case.Opex)+len(p.Case.Benefits) > 0 {
		d.NPV = formatMoney(pmo.Money{Minor: p.Case.NPV(), Currency: p.Case.Currency})
	}
	d.Sections = proposalSections(v, errs)
	return s.render(w, status, "proposal_form.html", d)
}

// newProposalPage serves the empty intake form.
func (s *Server) newProposalPage(w http.ResponseWriter, r *http.Request) error {
	pf, err := s.pathPortfolio(r)
	if err != nil {
		return err
	}
	v := proposalForm{"category": string(pmo.CategoryGrow), "alignment": "3", "risk": "3", "period_kind": string(pmo.Quarter),
		"currency": pf.Currency, "discount_rate": "8"}
	return s.renderProposalForm(w, r, http.StatusOK, pf, &pmo.Proposal{}, v, map[string]string{}, nil)
}

// createProposalPage raises a draft proposal, submitting it too when the
// requester pressed "Save and submit"; "Preview NPV" only recomputes.
func (s *Server) createProposalPage(w http.ResponseWriter, r *http.Request) error {
	pf, err := s.pathPortfolio(r)
	if err != nil {
		return err
	}
	vals, err := readForm(r)
	if err != nil {
		return err
	}
	v := proposalForm(vals)
	p := &pmo.Proposal{PortfolioID: pf.ID, Requester: actorName(r, "")}
	if pr := principalFrom(r.Context()); pr != nil {
		p.RequesterID = pr.user.ID
	}
	return s.saveProposalForm(w, r, pf, p, v, func(ctx context.Context) error { return s.intake().CreateProposal(ctx, p) })
}

// saveProposalForm validates, saves with save, submits if asked, and
// redirects to the proposal; errors go back to the form beside their fields.
func (s *Server) saveProposalForm(w http.ResponseWriter, r *http.Request, pf *pmo.Portfolio, p *pmo.Proposal, v proposalForm, save func(context.Context) error) error {
	errs := map[string]string{}
	s.parseProposal(r.Context(), v, p, errs)
	if v["preview"] != "" {
		_ = p.Prepare()
		return s.renderProposalForm(w, r, http.StatusOK, pf, p, v, errs, nil)
	}
	var general []string
	names := map[string]bool{}
	for _, sec := range proposalSections(v, nil) {
		for _, f := range sec.Fields {
			names[f.Name] = true
		}
	}
	if len(errs) > 0 {
		// Show the domain's complaints too, so that one round trip lists all.
		for _, fe := range pmo.ErrorFields(p.Prepare()) {
			if name := proposalErrorField(fe.Field); names[name] && errs[name] == "" {
				errs[name] = fe.Detail
			}
		}
	}
	if len(errs) == 0 {
		err := save(r.Context())
		if err == nil {
			if v["then"] == "submit" && p.State == pmo.ProposalDraft {
				if _, err = s.intake().TransitionProposal(r.Context(), p.ID, p.Version,
					pmo.ProposalTransition{To: pmo.ProposalSubmitted, Actor: actorName(r, "")}); err != nil {
					return err
				}
			}
			return redirect(w, r, "/proposals/"+itoa(p.ID)+"?saved=proposal")
		}
		switch pmo.ErrorKind(err) {
		case pmo.Invalid:
			for _, fe := range pmo.ErrorFields(err) {
				name := proposalErrorField(fe.Field)
				if names[name] {
					if errs[name] == "" {
						errs[name] = fe.Detail
					}
					continue
				}
				general = append(general, fe.Field+" "+fe.Detail)
			}
			if len(pmo.ErrorFields(err)) == 0 {
				general = append(general, pmo.ErrorMessage(err))
			}
		case pmo.Conflict, pmo.Stale:
			general = append(general, pmo.ErrorMessage(err))
		default:
			return err
		}
	}
	return s.renderProposalForm(w, r, http.StatusUnprocessableEntity, pf, p, v, errs, general)
}

// editProposalPage serves the form for an existing proposal.
func (s *Server) editProposalPage(w http.ResponseWriter, r *http.Request) error {
	p, pf, err := s.pathProposal(r)
	if err != nil {
		return err
	}
	return s.renderProposalForm(w, r, http.StatusOK, pf, p, s.proposalValues(r.Context(), p), map[string]string{}, nil)
}

// updateProposalPage saves the form over an existing proposal at the
// version the form was loaded with.
func (s *Server) updateProposalPage(w http.ResponseWriter, r *http.Request) error {
	p, pf, err := s.pathProposal(r)
	if err != nil {
		return err
	}
	vals, err := readForm(r)
	if err != nil {
		return err
	}
	if err := ownDraftOnly(r.Context(), p); err != nil && !may(r, auth.Govern, auth.Target{Portfolio: p.PortfolioID}) {
		return err
	}
	version, verr := strconv.Atoi(vals["version"])
	if verr != nil || version < 1 {
		return badRequest("the form lacks the version it edits; reload the page", fieldError("version", "is required"))
	}
	p.Version = version
	return s.saveProposalForm(w, r, pf, p, proposalForm(vals), func(ctx context.Context) error { return s.intake().UpdateProposal(ctx, p) })
}

// pathProposal loads the proposal of the path and its portfolio.
func (s *Server) pathProposal(r *http.Request) (*pmo.Proposal, *pmo.Portfolio, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, nil, err
	}
	p, err := s.intake().FindProposalByID(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	pf, err := s.svc.FindPortfolioByID(r.Context(), p.PortfolioID)
	return p, pf, err
}

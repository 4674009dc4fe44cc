package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/pmohq/pmo"
)

// formField is one input of a form as rendered: its definition, the value
// the user sees, the error next to it and, after a stale edit, the value
// someone else saved meanwhile.
type formField struct {
	Name, Label string
	// Kind is text, textarea, select, date, number, money, checkbox or rag.
	Kind     string
	Options  []option
	Help     string
	Required bool
	Suffix   string // e.g. the currency of a money field
	Value    string
	Error    string
	Current  string // the saved value, when a stale edit differs from it
}

// formPage is the data of form.html, shared by every editing form.
type formPage struct {
	basePage
	Heading string
	Action  string // where the form posts
	Cancel  string // where "cancel" goes
	Submit  string // the button label
	Project *pmo.Project
	// Unreadable says the user may not open Project (a requester raising
	// a change): the page links nowhere into it.
	Unreadable bool
	Fields     []formField
	Version    int      // the version being edited; 0 for a new record
	Errors     []string // errors that name no field of the form
	Stale      string   // why the save was refused as stale, if it was
	// Previous is the last status report, shown beside the status form.
	Previous *pmo.StatusReport
	// PreviousTitle heads Previous when set (e.g. the revision corrected).
	PreviousTitle string
}

// fieldDef defines a field of a record type T: how to show and how to read it.
type fieldDef[T any] struct {
	formField
	get func(*T) string
	set func(*T, string) error // an error is shown next to the field
}

// formValues are the submitted values by field name.
type formValues map[string]string

// readForm parses a submitted form; a malformed body is a 400.
func readForm(r *http.Request) (formValues, error) {
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, err
		}
		return nil, badRequest("the form could not be read")
	}
	v := formValues{}
	for k, vs := range r.PostForm {
		v[k] = strings.Join(vs, ",")
	}
	return v, nil
}

// applyForm sets every field of x from the submitted values and returns the
// fields that could not be read (a date that is no date, ...).
func applyForm[T any](defs []fieldDef[T], x *T, vals formValues) map[string]string {
	errs := map[string]string{}
	for _, d := range defs {
		if err := d.set(x, strings.TrimSpace(vals[d.Name])); err != nil {
			errs[d.Name] = err.Error()
		}
	}
	return errs
}

// renderFields fills each field from vals, with errs next to them.
func renderFields[T any](defs []fieldDef[T], vals formValues, errs map[string]string) []formField {
	out := make([]formField, len(defs))
	for i, d := range defs {
		f := d.formField
		f.Value = vals[d.Name]
		f.Error = errs[d.Name]
		if (f.Kind == "select" || f.Kind == "rag") && f.Value != "" &&
			!slices.ContainsFunc(f.Options, func(o option) bool { return o.Value == f.Value }) {
			// Keep a value the choices lack (from an old page or a
			// crafted request) so that nothing typed is lost.
			f.Options = append(slices.Clone(f.Options), option{Value: f.Value, Label: f.Value + " (not a valid choice)"})
		}
		out[i] = f
	}
	return out
}

// valuesOf reads the form values of x.
func valuesOf[T any](defs []fieldDef[T], x *T) formValues {
	v := formValues{}
	for _, d := range defs {
		v[d.Name] = d.get(x)
	}
	return v
}

// fieldErrors sorts the fields of a domain error into those the form shows
// (by input name; "cost_impact.currency" belongs to "cost_impact") and the
// rest, which the form lists at the top. aliases maps domain field names to
// input names where they differ.
func fieldErrors(err error, names map[string]bool, aliases map[string]string, into map[string]string) []string {
	var general []string
	for _, fe := range pmo.ErrorFields(err) {
		name := fe.Field
		if a, ok := aliases[name]; ok {
			name = a
		}
		if i := strings.IndexAny(name, ".["); i > 0 && !names[name] {
			name = name[:i]
		}
		if names[name] {
			if into[name] == "" {
				into[name] = fe.Detail
			}
			continue
		}
		general = append(general, fe.Field+" "+fe.Detail)
	}
	if len(pmo.ErrorFields(err)) == 0 {
		general = append(general, pmo.ErrorMessage(err))
	}
	return general
}

// Field constructors. Each takes a pointer getter into T.

func textField[T any](name, lbl string, ptr func(*T) *string) fieldDef[T] {
	return fieldDef[T]{formField: formField{Name: name, Label: lbl, Kind: "text"},
		get: func(x *T) string { return *ptr(x) },
		set: func(x *T, v string) error { *ptr(x) = v; return nil }}
}

func areaField[T any](name, lbl string, ptr func(*T) *string) fieldDef[T] {
	f := textField(name, lbl, ptr)
	f.Kind = "textarea"
	return f
}

func selectField[T any](name, lbl string, choices []string, ptr func(*T) *string) fieldDef[T] {
	f := textField(name, lbl, ptr)
	f.Kind = "select"
	for _, c := range choices {
		l := label(c)
		if c == "" {
			l = "—"
		}
		f.Options = append(f.Options, option{Value: c, Label: l})
	}
	return f
}

// enumField is a select over a string-like type such as pmo.Level.
func enumField[T any, S ~string](name, lbl string, choices []S, ptr func(*T) *S) fieldDef[T] {
	f := selectField(name, lbl, strs(choices), func(*T) *string { return nil })
	f.get = func(x *T) string { return string(*ptr(x)) }
	f.set = func(x *T, v string) error { *ptr(x) = S(v); return nil }
	return f
}

func dateField[T any](name, lbl string, ptr func(*T) *pmo.Date) fieldDef[T] {
	return fieldDef[T]{formField: formField{Name: name, Label: lbl, Kind: "date"},
		get: func(x *T) string { return ptr(x).String() },
		set: func(x *T, v string) error {
			d, err := pmo.ParseDate(v)
			if err != nil {
				return fmt.Errorf("must be a date, YYYY-MM-DD")
			}
			*ptr(x) = d
			return nil
		}}
}

// intField is a whole number; with choices it is a select.
func intField[T any](name, lbl string, choices []option, ptr func(*T) *int) fieldDef[T] {
	kind := "number"
	if choices != nil {
		kind = "select"
	}
	return fieldDef[T]{formField: formField{Name: name, Label: lbl, Kind: kind, Options: choices},
		get: func(x *T) string {
			if *ptr(x) == 0 && choices != nil {
				return ""
			}
			return strconv.Itoa(*ptr(x))
		},
		set: func(x *T, v string) error {
			if v == "" {
				*ptr(x) = 0
				return nil
			}
			n, err := strconv.Atoi(v)
			if err != nil {
				return fmt.Errorf("must be a whole number")
			}
			*ptr(x) = n
			return nil
		}}
}

func boolField[T any](name, lbl string, ptr func(*T) *bool) fieldDef[T] {
	return fieldDef[T]{formField: formField{Name: name, Label: lbl, Kind: "checkbox"},
		get: func(x *T) string {
			if *ptr(x) {
				return "on"
			}
			return ""
		},
		set: func(x *T, v string) error { *ptr(x) = v != ""; return nil }}
}

// moneyField is an amount in the given currency, typed as 1,250,000.00.
func moneyField[T any](name, lbl, currency string, ptr func(*T) *pmo.Money) fieldDef[T] {
	return fieldDef[T]{formField: formField{Name: name, Label: lbl, Kind: "money", Suffix: currency},
		get: func(x *T) string {
			m := *ptr(x)
			if m.Minor == 0 && m.Currency == "" {
				return ""
			}
			return decimalText(m.Minor)
		},
		set: func(x *T, v string) error {
			if v == "" {
				*ptr(x) = pmo.Money{}
				return nil
			}
			n, err := parseDecimal(v)
			if err != nil {
				return err
			}
			*ptr(x) = pmo.Money{Minor: n, Currency: currency}
			return nil
		}}
}

// parseDecimal reads an amount such as "1,250,000.5" or "-300" into minor
// units (cents).
func parseDecimal(s string) (int64, error) {
	bad := fmt.Errorf("must be an amount such as 1250000.00")
	s = strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(s), ",", ""), " ", "")
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" && frac == "" || len(frac) > 2 || strings.Trim(whole+frac, "0123456789") != "" || len(whole) > 15 {
		return 0, bad
	}
	for len(frac) < 2 {
		frac += "0"
	}
	n, err := strconv.ParseInt("0"+whole+frac, 10, 64)
	if err != nil {
		return 0, bad
	}
	if neg {
		n = -n
	}
	return n, nil
}

// decimalText formats minor units as an editable amount, e.g. 1250000.50.
func decimalText(minor int64) string {
	sign := ""
	if minor < 0 {
		sign, minor = "-", -minor
	}
	if minor%100 == 0 {
		return fmt.Sprintf("%s%d", sign, minor/100)
	}
	return fmt.Sprintf("%s%d.%02d", sign, minor/100, minor%100)
}

// scaleOptions are the 1-5 options of a probability or impact, with the
// bands of DOMAIN.md §6.
func scaleOptions(labels [5]string) []option {
	out := []option{{Value: "", Label: "—"}}
	for i, l := range labels {
		out = append(out, option{Value: strconv.Itoa(i + 1), Label: fmt.Sprintf("%d – %s", i+1, l)})
	}
	return out
}

var (
	probabilityOptions = scaleOptions([5]string{"rare (≤10%)", "unlikely (11–30%)", "possible (31–50%)", "likely (51–70%)", "almost certain (>70%)"})
	impactOptions      = scaleOptions([5]string{"minimal (<1%)", "minor (1–5%)", "moderate (5–10%)", "major (10–20%)", "severe (>20%)"})
	priorityOptions    = scaleOptions([5]string{"highest", "high", "medium", "low", "lowest"})
)

// projectOf loads the project a form belongs to.
func (s *Server) projectFor(ctx context.Context, id int64) (*pmo.Project, *pmo.Portfolio, error) {
	p, err := s.svc.FindProjectByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	pf, err := s.svc.FindPortfolioByID(ctx, p.PortfolioID)
	return p, pf, err
}

// currencyOf is the currency amounts of a project are entered in.
func currencyOf(p *pmo.Project, pf *pmo.Portfolio) string {
	if p.Budget.Currency != "" {
		return p.Budget.Currency
	}
	if pf != nil && pf.Currency != "" {
		return pf.Currency
	}
	return "EUR"
}

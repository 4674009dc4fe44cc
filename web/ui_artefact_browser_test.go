package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/governance"
)

// TestBrowserAttachArtefact: on a demo project's gate checklist, a missing
// artefact's "attach it" leads to the artefacts form; a charter-like
// document is linked through it and the checklist item turns met.
func TestBrowserAttachArtefact(t *testing.T) {
	srv, db := mustDemoServer(t)
	svc := mustGovernedDemo(t, db)
	ctx := context.Background()
	ps, _, err := db.FindProjects(ctx, pmo.ProjectFilter{States: []pmo.State{pmo.Active}, ListOptions: pmo.ListOptions{Limit: pmo.MaxLimit}})
	if err != nil {
		t.Fatal(err)
	}
	var p *pmo.Project
	var gate, req string
	v, err := db.CurrentFramework(ctx)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := svc.Program(v)
	if err != nil {
		t.Fatal(err)
	}
search:
	for _, cand := range ps {
		for _, g := range prog.Framework().GatesFrom(string(cand.Stage)) {
			res, err := svc.CheckGate(ctx, cand.ID, g.ID)
			if err != nil || !res.AtStage {
				continue
			}
			for _, it := range res.Items {
				if it.Kind == governance.ArtefactRequirement && !it.Met && strings.HasPrefix(it.Requirement, "artefact:") {
					p, gate, req = cand, g.ID, it.Requirement
					break search
				}
			}
		}
	}
	if p == nil {
		t.Fatal("no demo project misses an artefact at its next gate")
	}
	kind := strings.TrimPrefix(req, "artefact:")
	id := itoa(p.ID)
	item := `#checklist li[data-requirement="` + req + `"]`

	b := mustBrowser(t, srv.URL) // signed in as the administrator
	b.open("/projects/"+id+"/gates/new?gate="+gate, "#checklist")
	if cls := b.attr(item, "class"); cls != "missing" {
		t.Fatalf("the %s item is %q before attaching", req, cls)
	}
	b.click(item+" a.attach", "#artefact-form")
	b.do("fill the form",
		chromedp.SetValue(chromedp.CSS("#kind"), kind),
		chromedp.SendKeys(chromedp.CSS("#title"), "The "+kind+" of "+p.Code),
		chromedp.SendKeys(chromedp.CSS("#url"), "javascript:alert(1)"))
	b.click("#add-artefact", "#url-error")
	b.do("correct the link", chromedp.SetValue(chromedp.CSS("#url"), "https://intranet.example/"+p.Code+"/"+kind+".pdf"))
	b.click("#add-artefact", "p.flash")
	if got := b.text("#artefacts tbody"); !strings.Contains(got, "intranet.example/"+p.Code) || !strings.Contains(got, gate) {
		t.Errorf("the artefacts list shows %q", got)
	}
	b.open("/projects/"+id+"/gates/new?gate="+gate, "#checklist")
	if cls := b.attr(item, "class"); cls != "met" {
		t.Errorf("the %s item is %q after attaching, want met", req, cls)
	}
}

// attr returns attribute name of the first element matching sel.
func (b *browser) attr(sel, name string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	res, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(sel), name))
	if err != nil {
		b.t.Fatalf("attribute %s of %s: %v", name, sel, err)
	}
	return res.Value
}

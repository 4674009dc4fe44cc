package store

import (
	"bytes"
	"testing"

	"github.com/pmohq/pmo"
)

func TestArtefacts(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		pa := mustPortfolio(t, db, "PA")
		pb := mustPortfolio(t, db, "PB")
		p := mustProject(t, db, pa.ID, "P1")
		q := mustProject(t, db, pb.ID, "Q1")

		link := &pmo.Artefact{ProjectID: p.ID, Kind: "charter", Title: "Project charter v2",
			URL: "https://intranet.example/docs/p1/charter.pdf", Gate: "g2"}
		must(t, db.CreateArtefact(ctx, link))
		if link.ID == 0 || link.Version != 1 || link.AddedBy != "system" || link.CreatedAt.IsZero() {
			t.Fatalf("created link = %+v", link)
		}
		html := []byte("<!DOCTYPE html><html><script>alert(1)</script></html>")
		file := &pmo.Artefact{ProjectID: q.ID, Kind: "business_case", Title: "Business case", FileName: `C:\docs\case.html`,
			MediaType: "application/pdf", Content: html, AddedBy: "pm.b"}
		must(t, db.CreateArtefact(ctx, file))
		if file.FileName != "case.html" || file.Size != int64(len(html)) || len(file.SHA256) != 64 ||
			file.MediaType != "text/html; charset=utf-8" {
			t.Fatalf("created file = %+v: want the base name, size, sha256 and a sniffed media type", file)
		}

		wantKind(t, db.CreateArtefact(ctx, &pmo.Artefact{ProjectID: p.ID, Kind: "charter", Title: "x",
			URL: "javascript:alert(1)"}), pmo.Invalid, "url")
		wantKind(t, db.CreateArtefact(ctx, &pmo.Artefact{ProjectID: p.ID, Kind: "charter!", Title: "x",
			URL: "https://a.example/"}), pmo.Invalid, "kind")
		wantKind(t, db.CreateArtefact(ctx, &pmo.Artefact{ProjectID: p.ID, Kind: "charter", Title: "x"}), pmo.Invalid, "file")
		wantKind(t, db.CreateArtefact(ctx, &pmo.Artefact{ProjectID: 9999, Kind: "charter", Title: "x",
			URL: "https://a.example/"}), pmo.NotFound, "")

		all, err := db.FindArtefacts(ctx, pmo.ArtefactFilter{})
		must(t, err)
		if len(all) != 2 || all[0].ID != link.ID || all[1].Content != nil {
			t.Fatalf("FindArtefacts = %+v, want both without content, oldest first", all)
		}
		byPortfolio, err := db.FindArtefacts(ctx, pmo.ArtefactFilter{PortfolioID: pb.ID})
		must(t, err)
		if len(byPortfolio) != 1 || byPortfolio[0].ID != file.ID {
			t.Fatalf("portfolio B = %+v", byPortfolio)
		}
		reachA := pmo.WithReach(ctx, pmo.Reach{Portfolios: []int64{pa.ID}})
		inReach, err := db.FindArtefacts(reachA, pmo.ArtefactFilter{})
		must(t, err)
		if len(inReach) != 1 || inReach[0].ID != link.ID {
			t.Fatalf("within portfolio A's reach = %+v", inReach)
		}
		_, err = db.FindArtefactByID(reachA, file.ID)
		wantKind(t, err, pmo.NotFound, "")
		_, err = db.ArtefactContent(reachA, file.ID)
		wantKind(t, err, pmo.NotFound, "")

		got, err := db.ArtefactContent(ctx, file.ID)
		must(t, err)
		if !bytes.Equal(got.Content, html) || got.SHA256 != file.SHA256 {
			t.Fatalf("content = %q (%s)", got.Content, got.SHA256)
		}
		_, err = db.ArtefactContent(ctx, link.ID)
		wantKind(t, err, pmo.NotFound, "")

		wantKind(t, db.DeleteArtefact(ctx, link.ID, 7), pmo.Stale, "")
		must(t, db.DeleteArtefact(ctx, link.ID, 1))
		wantKind(t, db.DeleteArtefact(ctx, link.ID, 1), pmo.NotFound, "")

		recs, _, err := db.FindAuditRecords(ctx, pmo.AuditFilter{Entity: "artefact"})
		must(t, err)
		if len(recs) != 3 {
			t.Fatalf("artefact audit records = %d, want 3 (two creates, one delete)", len(recs))
		}
		for _, r := range recs {
			if bytes.Contains(r.Diff, []byte("alert")) {
				t.Errorf("audit record %d carries the file's bytes: %s", r.ID, r.Diff)
			}
		}
	})
}

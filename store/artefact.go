package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/pmohq/pmo"
)

// artefactCols leaves out content: lists and metadata never read the bytes.
const artefactCols = "a.id, a.project_id, a.kind, a.title, a.url, a.file_name, a.media_type, a.size, a.sha256, a.gate, " +
	"a.added_by, a.version, a.created_at, a.updated_at"

func scanArtefact(rs rowScanner, extra ...any) (*pmo.Artefact, error) {
	var a pmo.Artefact
	dest := append([]any{&a.ID, &a.ProjectID, &a.Kind, &a.Title, &a.URL, &a.FileName, &a.MediaType, &a.Size, &a.SHA256,
		&a.Gate, &a.AddedBy, &a.Version, timeScan{&a.CreatedAt}, timeScan{&a.UpdatedAt}}, extra...)
	err := rs.Scan(dest...)
	return &a, err
}

// CreateArtefact validates and stores a with its content; Invalid, NotFound
// for an unknown project. AddedBy defaults to the actor of ctx.
func (db *DB) CreateArtefact(ctx context.Context, a *pmo.Artefact) error {
	if a.AddedBy == "" {
		a.AddedBy = actorName(ctx)
	}
	if err := a.Prepare(); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		if ok, err := t.exists("projects", a.ProjectID); err != nil || !ok {
			return cmpErr(err, notFound("project", a.ProjectID))
		}
		var content any // NULL for a link
		if a.IsFile() {
			content = a.Content
		}
		var err error
		a.ID, err = t.insert(`INSERT INTO artefacts (project_id, kind, title, url, file_name, media_type, size, sha256,
			content, gate, added_by, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
			a.ProjectID, a.Kind, a.Title, a.URL, a.FileName, a.MediaType, a.Size, a.SHA256, content, a.Gate, a.AddedBy,
			timeArg(t.now), timeArg(t.now))
		if err != nil {
			return err
		}
		a.Version, a.CreatedAt, a.UpdatedAt = 1, t.now, t.now
		return t.audit("artefact", a.ID, a.ProjectID, pmo.AuditCreate, nil, a)
	})
}

// FindArtefacts lists artefacts without content, oldest first, within the
// reach of ctx.
func (db *DB) FindArtefacts(ctx context.Context, f pmo.ArtefactFilter) (as []*pmo.Artefact, err error) {
	w := &where{}
	if f.ID != 0 {
		w.add("a.id = ?", f.ID)
	}
	if f.ProjectID != 0 {
		w.add("a.project_id = ?", f.ProjectID)
	}
	if f.PortfolioID != 0 {
		w.add("p.portfolio_id = ?", f.PortfolioID)
	}
	if f.ProgramID != 0 {
		w.add("p.program_id = ?", f.ProgramID)
	}
	if f.Kind != "" {
		w.add("a.kind = ?", f.Kind)
	}
	reachJoined(ctx, w)
	err = db.read(ctx, func(t *tx) error {
		rows, err := t.query("SELECT "+artefactCols+" FROM artefacts a JOIN projects p ON p.id = a.project_id"+
			w.String()+" ORDER BY a.id", w.args...)
		if err != nil {
			return err
		}
		as, err = scanAll(rows, func(rs rowScanner) (*pmo.Artefact, error) { return scanArtefact(rs) })
		return err
	})
	return as, err
}

// FindArtefactByID returns one artefact without content; NotFound, also
// when it lies outside the reach of ctx.
func (db *DB) FindArtefactByID(ctx context.Context, id int64) (*pmo.Artefact, error) {
	as, err := db.FindArtefacts(ctx, pmo.ArtefactFilter{ID: id})
	if err != nil {
		return nil, err
	}
	if len(as) == 0 {
		return nil, notFound("artefact", id)
	}
	return as[0], nil
}

// ArtefactContent returns one uploaded artefact with its bytes; NotFound
// for a link, an unknown id or one outside the reach of ctx.
func (db *DB) ArtefactContent(ctx context.Context, id int64) (a *pmo.Artefact, err error) {
	w := &where{}
	w.add("a.id = ?", id)
	w.add("a.content IS NOT NULL")
	reachJoined(ctx, w)
	err = db.read(ctx, func(t *tx) error {
		var content []byte
		a, err = scanArtefact(t.queryRow("SELECT "+artefactCols+", a.content FROM artefacts a JOIN projects p ON p.id = a.project_id"+
			w.String(), w.args...), &content)
		if errors.Is(err, sql.ErrNoRows) {
			return pmo.Errorf(pmo.NotFound, "artefact %d has no uploaded file", id)
		}
		a.Content = content
		return err
	})
	return a, err
}

// DeleteArtefact removes an artefact and its file; NotFound, Stale.
func (db *DB) DeleteArtefact(ctx context.Context, id int64, version int) error {
	return db.write(ctx, func(t *tx) error {
		before, err := scanArtefact(t.queryRow("SELECT "+artefactCols+" FROM artefacts a WHERE a.id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("artefact", id)
		}
		if err != nil {
			return err
		}
		res, err := t.exec("DELETE FROM artefacts WHERE id = ? AND version = ?", id, version)
		if err != nil {
			return err
		}
		if err := t.checkAffected(res, "artefacts", "artefact", id); err != nil {
			return err
		}
		return t.audit("artefact", id, before.ProjectID, pmo.AuditDelete, before, nil)
	})
}

var _ pmo.ArtefactService = (*DB)(nil)

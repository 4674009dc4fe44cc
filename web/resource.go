package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// resource describes one kind of versioned record so that a single set of
// generic handlers can get, create, patch and delete any of them.
type resource[T any] struct {
	name     string   // singular noun, e.g. "portfolio"
	path     string   // collection path, e.g. /api/v1/portfolios
	readOnly []string // JSON fields clients may not send
	// keys points at the record's id and version fields.
	keys   func(*T) (id *int64, version *int)
	find   func(ctx context.Context, id int64) (*T, error)
	create func(ctx context.Context, v *T) error
	update func(ctx context.Context, v *T) error
	remove func(ctx context.Context, id int64, version int) error
}

// baseReadOnly are the fields the server maintains on every record.
var baseReadOnly = []string{"id", "version", "created_at", "updated_at"}

func (rs resource[T]) etag(v *T) string {
	_, version := rs.keys(v)
	return versionETag(*version)
}

// get serves GET {path}/{id}.
func (rs resource[T]) get(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := rs.find(r.Context(), id)
	if err != nil {
		return err
	}
	return writeEntity(w, r, http.StatusOK, rs.etag(v), v)
}

// post serves POST {path}: 201 with Location and ETag.
func (rs resource[T]) post(w http.ResponseWriter, r *http.Request) error {
	v := new(T)
	if err := decodeJSON(r, v, rs.readOnly); err != nil {
		return err
	}
	if err := rs.create(r.Context(), v); err != nil {
		return err
	}
	id, _ := rs.keys(v)
	// Read back what was stored, with every computed field.
	created, err := rs.find(r.Context(), *id)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("%s/%d", rs.path, *id))
	return writeEntity(w, r, http.StatusCreated, rs.etag(created), created)
}

// current loads the record named by the path and checks If-Match against
// it: 428 without If-Match, 404 for no record, 412 for another version.
func (rs resource[T]) current(r *http.Request) (*T, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	tags, err := requireIfMatch(r)
	if err != nil {
		return nil, err
	}
	cur, err := rs.find(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if err := checkIfMatch(tags, rs.etag(cur)); err != nil {
		return nil, err
	}
	return cur, nil
}

// patch serves PATCH {path}/{id} with a JSON Merge Patch; If-Match required.
func (rs resource[T]) patch(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireIfMatch(r); err != nil {
		return err
	}
	p, err := readPatch[T](r, rs.readOnly)
	if err != nil {
		return err
	}
	cur, err := rs.current(r)
	if err != nil {
		return err
	}
	next, err := applyPatch(cur, p)
	if err != nil {
		return err
	}
	id, version := rs.keys(cur)
	nid, nversion := rs.keys(next)
	*nid, *nversion = *id, *version
	if err := rs.update(r.Context(), next); err != nil {
		return err
	}
	updated, err := rs.find(r.Context(), *id)
	if err != nil {
		return err
	}
	return writeEntity(w, r, http.StatusOK, rs.etag(updated), updated)
}

// delete serves DELETE {path}/{id}; If-Match required.
func (rs resource[T]) delete(w http.ResponseWriter, r *http.Request) error {
	cur, err := rs.current(r)
	if err != nil {
		return err
	}
	id, version := rs.keys(cur)
	if err := rs.remove(r.Context(), *id, *version); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// routes returns the five CRUD routes of the resource: list (served by
// list, taking params), create, get, patch and delete. schema names the
// record's OpenAPI schema.
func (rs resource[T]) routes(tag, schema string, list handlerFunc, params []param) []route {
	item := rs.path + "/{id}"
	plural := tag
	article := "a"
	if strings.ContainsAny(rs.name[:1], "aeiou") {
		article = "an"
	}
	return []route{
		{Method: http.MethodGet, Pattern: rs.path, Handler: list, Tag: tag, Params: params,
			Summary: "List " + strings.ToLower(plural), Response: schema + "List"},
		{Method: http.MethodPost, Pattern: rs.path, Handler: rs.post, Tag: tag, Body: schema, ReadOnly: rs.readOnly,
			Summary: "Create " + article + " " + rs.name, Response: schema, Status: http.StatusCreated, ETag: true},
		{Method: http.MethodGet, Pattern: item, Handler: rs.get, Tag: tag,
			Summary: "Read " + article + " " + rs.name, Response: schema, ETag: true},
		{Method: http.MethodPatch, Pattern: item, Handler: rs.patch, Tag: tag, Body: schema, ReadOnly: rs.readOnly,
			Summary: "Update " + article + " " + rs.name + " with a JSON Merge Patch", Response: schema, IfMatch: true, ETag: true},
		{Method: http.MethodDelete, Pattern: item, Handler: rs.delete, Tag: tag,
			Summary: "Delete " + article + " " + rs.name, Status: http.StatusNoContent, IfMatch: true},
	}
}

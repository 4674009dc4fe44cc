package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/importer/mspdi"
	"github.com/pmohq/pmo/scheduling"
)

// schedule loads the project's schedule named by the path.
func (h *scheduleHandlers) schedule(r *http.Request) (*pmo.Schedule, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return h.svc.FindSchedule(r.Context(), id)
}

// current loads the schedule and checks If-Match against it: 428 without
// If-Match, 404 without a schedule, 412 for another version.
func (h *scheduleHandlers) current(r *http.Request) (*pmo.Schedule, error) {
	tags, err := requireIfMatch(r)
	if err != nil {
		return nil, err
	}
	sc, err := h.schedule(r)
	if err != nil {
		return nil, err
	}
	if err := checkIfMatch(tags, versionETag(sc.Version)); err != nil {
		return nil, err
	}
	return sc, nil
}

// get serves GET /api/v1/projects/{id}/schedule.
func (h *scheduleHandlers) get(w http.ResponseWriter, r *http.Request) error {
	sc, err := h.schedule(r)
	if err != nil {
		return err
	}
	return writeEntity(w, r, http.StatusOK, versionETag(sc.Version), sc)
}

// delete serves DELETE /api/v1/projects/{id}/schedule.
func (h *scheduleHandlers) delete(w http.ResponseWriter, r *http.Request) error {
	sc, err := h.current(r)
	if err != nil {
		return err
	}
	if err := h.svc.DeleteSchedule(r.Context(), sc.ProjectID, sc.Version); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// importMSPDI serves PUT /api/v1/projects/{id}/schedule/mspdi: the body is
// an MS Project XML file. Nothing is stored unless all of it is valid.
func (h *scheduleHandlers) importMSPDI(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/xml" && mt != "text/xml" {
		return newProblem(http.StatusUnsupportedMediaType, "send the MS Project XML file with Content-Type: application/xml",
			fieldError("Content-Type", "must be application/xml"))
	}
	// The version replaced: If-Match names it when there is a schedule.
	version := 0
	cur, err := h.svc.FindSchedule(r.Context(), id)
	switch {
	case err == nil:
		tags, err := requireIfMatch(r)
		if err != nil {
			return err
		}
		if err := checkIfMatch(tags, versionETag(cur.Version)); err != nil {
			return err
		}
		version = cur.Version
	case pmo.ErrorKind(err) != pmo.NotFound:
		return err
	default:
		if _, err := h.s.svc.FindProjectByID(r.Context(), id); err != nil {
			return err
		}
	}
	p, err := mspdi.Read(r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return err
		}
		return &pmo.Error{Kind: pmo.Invalid, Message: "the file is not a valid MS Project XML file",
			Fields: []pmo.FieldError{{Field: "body", Detail: strings.TrimPrefix(err.Error(), "mspdi: ")}}}
	}
	sc, bs := p.Schedule(id)
	if err := h.svc.ReplaceSchedule(r.Context(), sc, bs, version); err != nil {
		return err
	}
	return writeEntity(w, r, http.StatusOK, versionETag(sc.Version), sc)
}

// exportMSPDI serves GET /api/v1/projects/{id}/schedule/mspdi.
func (h *scheduleHandlers) exportMSPDI(w http.ResponseWriter, r *http.Request) error {
	sc, err := h.schedule(r)
	if err != nil {
		return err
	}
	var bs []pmo.Baseline
	for _, info := range sc.Baselines {
		b, err := h.svc.FindBaseline(r.Context(), sc.ProjectID, info.Number)
		if err != nil {
			return err
		}
		bs = append(bs, *b)
	}
	var buf bytes.Buffer
	if err := mspdi.Write(&buf, mspdi.FromSchedule(sc, bs)); err != nil {
		return err
	}
	name := fmt.Sprintf("project-%d.xml", sc.ProjectID)
	if p, err := h.s.svc.FindProjectByID(r.Context(), sc.ProjectID); err == nil {
		name = p.Code + ".xml"
	}
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("ETag", versionETag(sc.Version))
	_, err = io.Copy(w, &buf)
	return err
}

// reschedule serves POST /api/v1/projects/{id}/schedule/reschedule.
func (h *scheduleHandlers) reschedule(w http.ResponseWriter, r *http.Request) error {
	var req rescheduleRequest
	if err := decodeOptional(r, &req); err != nil {
		return err
	}
	sc, err := h.current(r)
	if err != nil {
		return err
	}
	if req.StatusDate != nil {
		sc.StatusDate = req.StatusDate.UTC().Truncate(time.Minute)
	}
	res, err := scheduling.Reschedule(sc, h.s.now())
	if err != nil {
		return err
	}
	if err := h.svc.SaveScheduleDates(r.Context(), sc, sc.Version); err != nil {
		return err
	}
	return writeEntity(w, r, http.StatusOK, versionETag(sc.Version), rescheduled{Version: sc.Version, Result: *res})
}

// maxLevelTime caps the search time a request may ask for.
const maxLevelTime = 60 * time.Second

// level serves POST /api/v1/projects/{id}/schedule/level.
func (h *scheduleHandlers) level(w http.ResponseWriter, r *http.Request) error {
	var req levelRequest
	if err := decodeOptional(r, &req); err != nil {
		return err
	}
	var v pmo.Validator
	v.Check(req.Schedules >= 0 && req.Schedules <= 1000000, "schedules", "must be between 0 and 1000000")
	v.Check(req.TimeLimitMS >= 0 && time.Duration(req.TimeLimitMS)*time.Millisecond <= maxLevelTime,
		"time_limit_ms", "must be between 0 and %d", maxLevelTime.Milliseconds())
	if err := v.Err(); err != nil {
		return err
	}
	sc, err := h.current(r)
	if err != nil {
		return err
	}
	limit := 10 * time.Second
	if req.TimeLimitMS > 0 {
		limit = time.Duration(req.TimeLimitMS) * time.Millisecond
	}
	deadline := time.Now().Add(limit)
	ctx := r.Context()
	stop := func() bool { return time.Now().After(deadline) || ctx.Err() != nil }
	res, err := scheduling.Level(sc, h.s.now(), scheduling.LevelOptions{Seed: req.Seed, Schedules: req.Schedules, Stop: stop})
	if err != nil {
		return err
	}
	if err := h.svc.SaveScheduleDates(ctx, sc, sc.Version); err != nil {
		return err
	}
	return writeEntity(w, r, http.StatusOK, versionETag(sc.Version), levelled{Version: sc.Version, LevelResult: *res})
}

// load serves GET /api/v1/projects/{id}/schedule/load.
func (h *scheduleHandlers) load(w http.ResponseWriter, r *http.Request) error {
	sc, err := h.schedule(r)
	if err != nil {
		return err
	}
	ls, err := scheduling.Loads(sc)
	if err != nil {
		return err
	}
	if ls == nil {
		ls = []pmo.ResourceLoad{}
	}
	return writeJSON(w, http.StatusOK, scheduleLoad{Resources: ls})
}

// saveBaseline serves POST /api/v1/projects/{id}/schedule/baselines.
func (h *scheduleHandlers) saveBaseline(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req baselineRequest
	if err := decodeJSON(r, &req, nil); err != nil {
		return err
	}
	b, err := h.svc.SaveBaseline(r.Context(), id, req.Number, req.Name)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, b.BaselineInfo)
}

// compare serves GET /api/v1/projects/{id}/schedule/compare?baseline=N.
func (h *scheduleHandlers) compare(w http.ResponseWriter, r *http.Request) error {
	n, err := intParamOf(r, "baseline", 0)
	if err != nil {
		return err
	}
	sc, err := h.schedule(r)
	if err != nil {
		return err
	}
	b, err := h.svc.FindBaseline(r.Context(), sc.ProjectID, n)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, pmo.CompareBaseline(sc, b))
}

// decodeOptional decodes a JSON body into v when there is one; an empty
// body keeps v's defaults.
func decodeOptional(r *http.Request, v any) error {
	if r.ContentLength == 0 && r.Header.Get("Content-Type") == "" {
		return nil
	}
	return decodeJSON(r, v, nil)
}

// intParamOf reads a non-negative integer query parameter, def when absent.
func intParamOf(r *http.Request, name string, def int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, badRequest("invalid query parameter", fieldError(name, "must be a non-negative integer, not %q", v))
	}
	return n, nil
}

package web

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/importer/mspdi"
	"github.com/pmohq/pmo/scheduling"
)

// levelBudget is the levelling search budget of the page's button, in
// generated schedules: deterministic, and well under a second for
// schedules of a few hundred tasks.
const levelBudget = 2000

// scheduleVersion reads the version of the schedule the form was drawn
// from (0 when the project had none).
func scheduleVersion(vals formValues) (int, error) {
	v, err := strconv.Atoi(vals["version"])
	if err != nil || v < 0 {
		return 0, badRequest("the form lacks the version of the schedule it changes; reload the page", fieldError("version", "is required"))
	}
	return v, nil
}

// refuse re-renders the schedule page after a refused action: stale
// versions (409) and invalid input (422) are explained above the forms.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, err error, fileField bool) error {
	d, lerr := s.loadSchedulePage(r)
	if lerr != nil {
		return lerr
	}
	status := http.StatusUnprocessableEntity
	switch pmo.ErrorKind(err) {
	case pmo.Stale:
		status = http.StatusConflict
		d.Stale = "Someone else changed this schedule while you were looking at it. The page now shows the current schedule; try again."
	case pmo.Invalid:
		if fileField {
			d.FileError = pmo.ErrorMessage(err)
		} else {
			d.General = []string{pmo.ErrorMessage(err)}
		}
	default:
		return err
	}
	return s.render(w, status, "schedule.html", d)
}

// importSchedulePage replaces the project's schedule with an uploaded MS
// Project XML file, all or nothing.
func (s *Server) importSchedulePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	// Up to 8 MiB in memory, the rest of a large file in a temporary file.
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return err
		}
		return badRequest("the upload could not be read; choose the file again", fieldError("file", "could not be read"))
	}
	version, err := scheduleVersion(formValues{"version": r.PostFormValue("version")})
	if err != nil {
		return err
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		return s.refuse(w, r, pmo.Errorf(pmo.Invalid, "choose an MS Project XML file (.xml) to import"), true)
	}
	defer f.Close()
	p, err := mspdi.Read(f)
	if err != nil {
		// The reader names the element at fault; nothing was stored.
		return s.refuse(w, r, pmo.Errorf(pmo.Invalid, "%s; nothing was imported", strings.TrimPrefix(err.Error(), "mspdi: ")), true)
	}
	sc, baselines := p.Schedule(id)
	if err := s.scheduleStore().ReplaceSchedule(r.Context(), sc, baselines, version); err != nil {
		return s.refuse(w, r, err, true)
	}
	return redirect(w, r, "/projects/"+itoa(id)+"/schedule?saved=import")
}

// exportSchedulePage downloads the schedule as MS Project XML with its
// saved baselines.
func (s *Server) exportSchedulePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.svc.FindProjectByID(r.Context(), id)
	if err != nil {
		return err
	}
	sc, err := s.scheduleStore().FindSchedule(r.Context(), id)
	if err != nil {
		return err
	}
	var bls []pmo.Baseline
	for _, bi := range sc.Baselines {
		b, err := s.scheduleStore().FindBaseline(r.Context(), id, bi.Number)
		if err != nil {
			return err
		}
		bls = append(bls, *b)
	}
	var buf bytes.Buffer
	if err := mspdi.Write(&buf, mspdi.FromSchedule(sc, bls)); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+safeFileName(p.Code)+`-schedule.xml"`)
	_, err = w.Write(buf.Bytes())
	return err
}

// safeFileName keeps letters, digits, dots, dashes and underscores.
func safeFileName(s string) string {
	b := []byte(s)
	for i, c := range b {
		ok := c == '-' || c == '_' || c == '.' || (c >= '0' && c <= '9') || (c|0x20 >= 'a' && c|0x20 <= 'z')
		if !ok {
			b[i] = '_'
		}
	}
	if len(b) == 0 {
		return "project"
	}
	return string(b)
}

// changeSchedule loads the schedule, applies fn (which computes new
// dates) and saves the dates under the version the form was drawn from.
func (s *Server) changeSchedule(w http.ResponseWriter, r *http.Request, flash string, fn func(sc *pmo.Schedule) error) error {
	vals, err := readForm(r)
	if err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	version, err := scheduleVersion(vals)
	if err != nil {
		return err
	}
	sc, err := s.scheduleStore().FindSchedule(r.Context(), id)
	if err != nil {
		return err
	}
	if sc.Version != version {
		return s.refuse(w, r, pmo.Errorf(pmo.Stale, "stale"), false)
	}
	if err := fn(sc); err != nil {
		return s.refuse(w, r, err, false)
	}
	if err := s.scheduleStore().SaveScheduleDates(r.Context(), sc, version); err != nil {
		return s.refuse(w, r, err, false)
	}
	return redirect(w, r, "/projects/"+itoa(id)+"/schedule?saved="+flash)
}

// rescheduleSchedulePage recomputes the dates with the critical path method.
func (s *Server) rescheduleSchedulePage(w http.ResponseWriter, r *http.Request) error {
	return s.changeSchedule(w, r, "reschedule", func(sc *pmo.Schedule) error {
		_, err := scheduling.Reschedule(sc, s.now())
		return err
	})
}

// levelSchedulePage levels the work resources (fixed seed and budget, so
// the same schedule always levels the same way).
func (s *Server) levelSchedulePage(w http.ResponseWriter, r *http.Request) error {
	return s.changeSchedule(w, r, "level", func(sc *pmo.Schedule) error {
		_, err := scheduling.Level(sc, s.now(), scheduling.LevelOptions{Schedules: levelBudget, Seed: 1})
		return err
	})
}

// saveBaselinePage saves the current dates as baseline number (0 to 10).
func (s *Server) saveBaselinePage(w http.ResponseWriter, r *http.Request) error {
	vals, err := readForm(r)
	if err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(vals["number"])
	if err != nil || n < 0 || n > pmo.MaxBaseline {
		return s.refuse(w, r, pmo.Errorf(pmo.Invalid, "the baseline number must be 0 to 10"), false)
	}
	name := strings.TrimSpace(vals["name"])
	if _, err := s.scheduleStore().SaveBaseline(r.Context(), id, n, name); err != nil {
		return s.refuse(w, r, err, false)
	}
	return redirect(w, r, "/projects/"+itoa(id)+"/schedule?saved=baseline&baseline="+strconv.Itoa(n))
}

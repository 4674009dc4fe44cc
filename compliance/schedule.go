package compliance

import (
	"context"
	"log/slog"
	"time"

	"github.com/pmohq/pmo"
)

// ScheduledActor is the actor recorded for scheduled audit runs.
const ScheduledActor = "scheduled audit"

// RecordEvery records an audit of every project each interval until ctx
// ends, as ScheduledActor. A failed run is logged and the next tick tries
// again; while no framework is published, runs are skipped.
func (s *Service) RecordEvery(ctx context.Context, every time.Duration, log *slog.Logger) {
	if every <= 0 {
		return
	}
	ctx = pmo.WithActor(ctx, pmo.Actor{Name: ScheduledActor})
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		start := time.Now()
		r, err := s.Record(ctx, Filter{})
		switch {
		case ctx.Err() != nil:
			return
		case err != nil && pmo.ErrorKind(err) == pmo.NotFound:
			log.Info("scheduled audit skipped", "reason", err.Error())
		case err != nil:
			log.Error("scheduled audit failed", "err", err)
		default:
			log.Info("scheduled audit recorded", "run", r.Run.ID, "projects", r.Run.Projects,
				"violations", r.Run.Violations, "new", r.Run.Opened, "resolved", r.Run.Resolved,
				"took", time.Since(start).Round(time.Millisecond))
		}
	}
}

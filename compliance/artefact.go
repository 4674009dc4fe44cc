package compliance

import (
	"context"
	"slices"
	"strings"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/governance"
)

// Artefacts returns the artefact store behind Data, or nil when Data does
// not store artefacts (the store does).
func (s *Service) Artefacts() pmo.ArtefactService {
	as, _ := s.Data.(pmo.ArtefactService)
	return as
}

// ArtefactKinds returns the artefact kinds and the gate ids of the
// framework version the project follows; NotFound when no framework is
// published or the project is unknown.
func (s *Service) ArtefactKinds(ctx context.Context, projectID int64) ([]governance.ArtefactKind, []string, error) {
	v, err := s.Gov.ProjectFramework(ctx, projectID)
	if err != nil {
		return nil, nil, err
	}
	prog, err := s.Program(v)
	if err != nil {
		return nil, nil, err
	}
	fw := prog.Framework()
	gates := make([]string, len(fw.Gates))
	for i, g := range fw.Gates {
		gates[i] = g.ID
	}
	return fw.Artefacts, gates, nil
}

// AddArtefact stores a after checking its kind (and gate, when given)
// against the framework the project follows; without a published
// framework any well-formed kind is accepted. Invalid naming kind, gate,
// url or file; NotFound for an unknown project; Internal when the data has
// no artefact store.
func (s *Service) AddArtefact(ctx context.Context, a *pmo.Artefact) error {
	as := s.Artefacts()
	if as == nil {
		return pmo.Errorf(pmo.Internal, "this server does not store artefacts")
	}
	kinds, gates, err := s.ArtefactKinds(ctx, a.ProjectID)
	switch {
	case pmo.ErrorKind(err) == pmo.NotFound:
		// No framework yet (or no project: the store says so below).
	case err != nil:
		return err
	default:
		a.Kind, a.Gate = strings.TrimSpace(a.Kind), strings.TrimSpace(a.Gate)
		ids := make([]string, len(kinds))
		for i, k := range kinds {
			ids[i] = k.ID
		}
		var v pmo.Validator
		v.Check(a.Kind == "" || slices.Contains(ids, a.Kind), "kind", "%q is not an artefact kind of the framework; use one of %s",
			a.Kind, strings.Join(ids, ", "))
		v.Check(a.Gate == "" || slices.Contains(gates, a.Gate), "gate", "%q is not a gate of the framework; use one of %s",
			a.Gate, strings.Join(gates, ", "))
		if err := v.Err(); err != nil {
			return err
		}
	}
	return as.CreateArtefact(ctx, a)
}

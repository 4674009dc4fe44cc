package web

import (
	"net/http"
	"reflect"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
)

// intakeAPI is the feature served from this file (see featureList): the
// intake pipeline's proposals with their workflow, the scoring model and
// reviewers' scores, the ranked list, scenarios, and funding. Servers
// whose storage keeps no intake records serve none of it.
//
// Who may do what (docs/OPTIMISATION.md, "Intake data"): anyone with the
// Request permission raises proposals, and edits, submits, withdraws or
// deletes their own while they are drafts; the portfolio office (Govern)
// curates every proposal, takes them under review, sets the scoring model
// and scenarios and funds approved ones; deciders (Decide: portfolio
// managers, executives, the PMO) score proposals and approve or reject.
func (s *Server) intakeAPI() feature {
	if _, ok := s.svc.(pmo.IntakeServices); !ok {
		return feature{}
	}
	get, post, put := http.MethodGet, http.MethodPost, http.MethodPut
	props, models, scens := s.proposals(), s.scoringModels(), s.scenarios()
	rts := props.routes("Intake", "Proposal", s.listProposals, proposalParams)
	rts = append(rts,
		route{Method: post, Pattern: "/api/v1/proposals/{id}/transitions", Handler: s.transitionProposal, Tag: "Intake",
			Summary: "Move a proposal along the intake workflow", Body: "ProposalTransition", Response: "Proposal",
			IfMatch: true, ETag: true},
		route{Method: get, Pattern: "/api/v1/proposals/{id}/scores", Handler: s.proposalScores, Tag: "Intake",
			Summary: "Reviewers' scores of a proposal", Response: "Scores"},
		route{Method: put, Pattern: "/api/v1/proposals/{id}/scores", Handler: s.putScoreSheet, Tag: "Intake",
			Summary: "Replace the signed-in reviewer's scores of a proposal", Body: "ScoreSheet", Response: "Scores"},
		route{Method: get, Pattern: "/api/v1/portfolios/{id}/ranking", Handler: s.rankingAPI, Tag: "Intake",
			Params: rankingParams, Summary: "Proposals ranked by their weighted score, with the reviewers' spread", Response: "Ranking"},
		route{Method: post, Pattern: "/api/v1/portfolios/{id}/funding", Handler: s.fundProposals, Tag: "Intake",
			Summary: "Turn approved proposals into projects in the approved stage", Body: "FundingRequest", Response: "FundingResult"},
		route{Method: get, Pattern: "/api/v1/scenarios/{id}/runs", Handler: s.scenarioRuns, Tag: "Scenarios",
			Summary: "Stored optimiser runs of a scenario, newest first", Response: "ScenarioRunList"},
	)
	rts = append(rts, models.routes("Scoring models", "ScoringModel", s.listScoringModels, scoringModelParams)...)
	rts = append(rts, scens.routes("Scenarios", "Scenario", s.listScenarios, scenarioParams)...)

	read := rule{perm: auth.Read, target: proposalTarget}
	govern := func(t targetFunc) rule { return rule{perm: auth.Govern, target: t} }
	rules := map[string]rule{
		// Lists narrow themselves: readers see their reach, requesters their own.
		"GET /api/v1/proposals":                   {signedIn: true},
		"POST /api/v1/proposals":                  {perm: auth.Request, target: proposalBodyTarget},
		"GET /api/v1/proposals/{id}":              {permOf: s.ownOr(auth.Read), target: proposalTarget},
		"PATCH /api/v1/proposals/{id}":            {permOf: s.ownOr(auth.Govern), target: proposalTarget, body: true},
		"DELETE /api/v1/proposals/{id}":           {permOf: s.ownOr(auth.Govern), target: proposalTarget},
		"POST /api/v1/proposals/{id}/transitions": {permOf: s.proposalTransitionPerm, target: proposalTarget},
		"GET /api/v1/proposals/{id}/scores":       read,
		"PUT /api/v1/proposals/{id}/scores":       {perm: auth.Decide, target: proposalTarget},
		"GET /api/v1/portfolios/{id}/ranking":     {perm: auth.Read, target: portfolioTarget},
		"POST /api/v1/portfolios/{id}/funding":    govern(portfolioTarget),
		"GET /api/v1/scenarios/{id}/runs":         {perm: auth.Read, target: scenarioTarget},
		"GET /api/v1/scoring-models":              {perm: auth.Read},
		"POST /api/v1/scoring-models":             {perm: auth.Govern, body: true},
		"GET /api/v1/scoring-models/{id}":         {perm: auth.Read, target: scoringModelTarget},
		"PATCH /api/v1/scoring-models/{id}":       govern(scoringModelTarget),
		"DELETE /api/v1/scoring-models/{id}":      govern(scoringModelTarget),
		"GET /api/v1/scenarios":                   {perm: auth.Read},
		"POST /api/v1/scenarios":                  {perm: auth.Govern, body: true},
		"GET /api/v1/scenarios/{id}":              {perm: auth.Read, target: scenarioTarget},
		"PATCH /api/v1/scenarios/{id}":            govern(scenarioTarget),
		"DELETE /api/v1/scenarios/{id}":           govern(scenarioTarget),
	}
	return feature{api: rts, rules: rules}
}

// intake returns the storage of the intake side; the feature is served
// only when it exists.
func (s *Server) intake() pmo.IntakeServices { return s.svc.(pmo.IntakeServices) }

// The schemas and enums of the intake API, added to those of web/schema.go.
func init() {
	for name, t := range map[string]reflect.Type{
		"Proposal":           reflect.TypeFor[pmo.Proposal](),
		"ProposalTransition": reflect.TypeFor[pmo.ProposalTransition](),
		"Scores":             reflect.TypeFor[scoresBody](),
		"ScoreSheet":         reflect.TypeFor[sheetBody](),
		"Ranking":            reflect.TypeFor[rankingBody](),
		"FundingRequest":     reflect.TypeFor[fundingBody](),
		"FundingResult":      reflect.TypeFor[fundedBody](),
		"ScoringModel":       reflect.TypeFor[pmo.ScoringModel](),
		"Scenario":           reflect.TypeFor[pmo.Scenario](),
		"ScenarioRun":        reflect.TypeFor[pmo.ScenarioRun](),
	} {
		schemaTypes[name] = t
	}
	enumTypes[reflect.TypeFor[pmo.ProposalState]()] = strs(pmo.ProposalStates)
	enumTypes[reflect.TypeFor[pmo.Category]()] = strs(pmo.Categories)
	enumTypes[reflect.TypeFor[pmo.Direction]()] = []string{string(pmo.DirectionBenefit), string(pmo.DirectionCost)}
	enumTypes[reflect.TypeFor[pmo.Objective]()] = []string{string(pmo.ObjectiveScore), string(pmo.ObjectiveNPV)}
	enumTypes[reflect.TypeFor[pmo.PeriodKind]()] = []string{string(pmo.Week), string(pmo.Month), string(pmo.Quarter)}
	fieldRefinements["Proposal"] = map[string]map[string]any{
		"alignment": rangeOf(0, 5), "risk": rangeOf(1, 5),
		"requester": {"description": "defaults to the signed-in user"},
	}
	fieldRefinements["ProposalTransition"] = map[string]map[string]any{"actor": signedInUser}
	fieldRefinements["ScoringModel"] = map[string]map[string]any{
		"pairwise": {"description": "optional AHP judgements (1/9..9, reciprocal); when sent, the server derives the weights and consistency ratio from them"},
	}
}

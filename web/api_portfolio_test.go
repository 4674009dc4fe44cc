package web_test

import (
	"net/http"
	"testing"
)

func TestPortfolioAPI(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "list", method: "GET", url: "/api/v1/portfolios", wantStatus: http.StatusOK,
			wantBody: []string{`"total":1`, `"code":"PF1"`}},
		{name: "get", method: "GET", url: "/api/v1/portfolios/{portfolio}", wantStatus: http.StatusOK,
			wantHeaders: map[string]string{"ETag": `"1"`}, wantBody: []string{`"name":"Digital"`}},
		{name: "get missing", method: "GET", url: "/api/v1/portfolios/999", wantStatus: http.StatusNotFound},
		{name: "get bad id", method: "GET", url: "/api/v1/portfolios/x", wantStatus: http.StatusBadRequest,
			wantFields: []string{"id"}},
		{name: "create", method: "POST", url: "/api/v1/portfolios",
			body:       `{"code":"PF2","name":"Operations","pmo_type":"executive","cadence":"monthly"}`,
			wantStatus: http.StatusCreated, wantHeaders: map[string]string{"ETag": `"1"`},
			wantBody: []string{`"code":"PF2"`, `"cadence":"monthly"`}},
		{name: "create duplicate code", method: "POST", url: "/api/v1/portfolios",
			body: `{"code":"PF1","name":"Again"}`, wantStatus: http.StatusConflict,
			unchanged: []string{"/api/v1/portfolios"}},
		{name: "create invalid", method: "POST", url: "/api/v1/portfolios",
			body: `{"code":"","name":"x","cadence":"daily","currency":"euro"}`, wantStatus: http.StatusUnprocessableEntity,
			wantFields: []string{"code", "cadence", "currency"}, unchanged: []string{"/api/v1/portfolios"}},
		{name: "delete with children", method: "DELETE", url: "/api/v1/portfolios/{portfolio}",
			headers: map[string]string{"If-Match": `"1"`}, wantStatus: http.StatusConflict,
			unchanged: []string{"/api/v1/portfolios"}},
		{name: "custom fields", method: "PATCH", url: "/api/v1/portfolios/{portfolio}",
			body:       `{"custom_fields":[{"key":"risk_class","label":"Risk class","type":"choice","choices":["A","B"]}]}`,
			headers:    map[string]string{"If-Match": `"1"`},
			wantStatus: http.StatusOK, wantBody: []string{`"key":"risk_class"`, `"code":"PF1"`},
			after: func(t *testing.T, e *env, _ response) {
				s := scenario{method: "PATCH", url: "/api/v1/projects/{project}", body: `{"custom_fields":{"risk_class":"C"}}`,
					headers: map[string]string{"If-Match": `"1"`}, wantStatus: http.StatusUnprocessableEntity,
					wantFields: []string{"custom_fields.risk_class"}, unchanged: []string{"/api/v1/projects/{project}"}}
				s.run(t, e)
				s.body, s.wantStatus, s.wantFields, s.unchanged = `{"custom_fields":{"risk_class":"B"}}`, http.StatusOK, nil, nil
				s.wantBody = []string{`"custom_fields":{"risk_class":"B"}`}
				s.run(t, e)
			}},
		{name: "custom field of wrong shape", method: "PATCH", url: "/api/v1/portfolios/{portfolio}",
			body:       `{"custom_fields":[{"key":"x","label":"X","type":"text","choices":"A"}]}`,
			headers:    map[string]string{"If-Match": `"1"`},
			wantStatus: http.StatusBadRequest, wantFields: []string{"custom_fields[0].choices"},
			unchanged: []string{"/api/v1/portfolios/{portfolio}"}},
		{name: "rollup", method: "GET", url: "/api/v1/portfolios/{portfolio}/rollup?as_of=2026-11-27",
			wantStatus: http.StatusOK, wantBody: []string{`"projects":2`}},
		{name: "rollup missing", method: "GET", url: "/api/v1/portfolios/999/rollup", wantStatus: http.StatusNotFound},
		{name: "rollup all", method: "GET", url: "/api/v1/rollup", wantStatus: http.StatusOK,
			wantBody: []string{`"projects":2`}},
		{name: "rollup program", method: "GET", url: "/api/v1/rollup?program_id={program}", wantStatus: http.StatusOK,
			wantBody: []string{`"projects":1`}},
		{name: "rollup bad as_of", method: "GET", url: "/api/v1/rollup?as_of=yesterday",
			wantStatus: http.StatusBadRequest, wantFields: []string{"as_of"}},
	})
}

func TestProgramAPI(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "list by portfolio", method: "GET", url: "/api/v1/programs?portfolio_id={portfolio}",
			wantStatus: http.StatusOK, wantBody: []string{`"total":1`, `"code":"PG1"`}},
		{name: "create", method: "POST", url: "/api/v1/programs",
			body: `{"portfolio_id":{portfolio},"code":"PG2","name":"Back office"}`, wantStatus: http.StatusCreated,
			wantHeaders: map[string]string{"Location": "/api/v1/programs/2"}},
		{name: "create in missing portfolio", method: "POST", url: "/api/v1/programs",
			body: `{"portfolio_id":999,"code":"PG2","name":"Back office"}`, wantStatus: http.StatusUnprocessableEntity,
			wantFields: []string{"portfolio_id"}, unchanged: []string{"/api/v1/programs"}},
		{name: "patch", method: "PATCH", url: "/api/v1/programs/{program}", body: `{"manager":"Linus"}`,
			headers: map[string]string{"If-Match": `"1"`}, wantStatus: http.StatusOK,
			wantHeaders: map[string]string{"ETag": `"2"`}, wantBody: []string{`"manager":"Linus"`, `"code":"PG1"`}},
		{name: "delete with projects", method: "DELETE", url: "/api/v1/programs/{program}",
			headers: map[string]string{"If-Match": `"1"`}, wantStatus: http.StatusConflict},
	})
}

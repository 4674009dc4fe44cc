package web_test

import "testing"

// The governance API over the 10,000-project benchmark database with one
// recorded audit (govBenchServer), as an administrator.

// BenchmarkAPIFindings reads the first page of open findings with its total.
func BenchmarkAPIFindings(b *testing.B) { benchGovPage(b, "/api/v1/findings?state=open&limit=50") }

// BenchmarkAPIFindingsFiltered reads one severity's open findings of one portfolio.
func BenchmarkAPIFindingsFiltered(b *testing.B) {
	benchGovPage(b, "/api/v1/findings?portfolio_id=1&severity=critical&state=open&sort=-last_seen&limit=50")
}

// BenchmarkAPIFindingsCSV exports every open finding.
func BenchmarkAPIFindingsCSV(b *testing.B) { benchGovPage(b, "/api/v1/findings.csv?state=open") }

// BenchmarkAPIInsights builds the portfolio views over every finding.
func BenchmarkAPIInsights(b *testing.B) { benchGovPage(b, "/api/v1/insights") }

package optimize

import (
	"context"
	"math/rand/v2"
	"testing"
)

// BenchmarkSolveMKnap solves OR-Library instance 5.100-01 to proven optimality.
func BenchmarkSolveMKnap(b *testing.B) {
	p := mknapProblem(readTestdata(b)[1])
	for b.Loop() {
		sol, err := Solve(context.Background(), p, Options{Seed: 1})
		if err != nil || sol.Status != Optimal {
			b.Fatalf("%v %v", sol.Status, err)
		}
	}
}

// BenchmarkSolveMKnapNodes explores a fixed number of nodes on 5.100-00,
// a measure of node throughput.
func BenchmarkSolveMKnapNodes(b *testing.B) {
	p := mknapProblem(readTestdata(b)[0])
	for b.Loop() {
		if _, err := Solve(context.Background(), p, Options{Seed: 1, NodeLimit: 5000}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSolvePortfolio solves a time-phased portfolio of 40 proposals
// over 12 periods with two roles, start windows and links.
func BenchmarkSolvePortfolio(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	p := randomProblem(rng, 40)
	for p.Periods < 4 {
		p = randomProblem(rng, 40)
	}
	for b.Loop() {
		if _, err := Solve(context.Background(), p, Options{Seed: 1, NodeLimit: 20000}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFrontier sweeps 11 budget levels on 5.100-00 with 2000 nodes per point.
func BenchmarkFrontier(b *testing.B) {
	p := mknapProblem(readTestdata(b)[0])
	levels := FrontierLevels(0.5, 1.5, 11)
	for b.Loop() {
		if _, err := Frontier(context.Background(), p, levels, Options{NodeLimit: 2000}); err != nil {
			b.Fatal(err)
		}
	}
}
